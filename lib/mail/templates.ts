// Plain-text and HTML bodies for the mail the app sends. HTML is built from escaped
// parts only: names and group titles come from users.
const escape = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function layout(title: string, paragraphs: string[], action: { label: string; url: string }) {
  return `<!doctype html><html><body style="font-family:Georgia,serif;color:#1d1b18;background:#fcfbf8;padding:24px">
<div style="max-width:520px;margin:auto">
<h1 style="font-size:22px">${escape(title)}</h1>
${paragraphs.map((p) => `<p style="font-size:16px;line-height:1.6">${escape(p)}</p>`).join("\n")}
<p><a href="${escape(action.url)}" style="display:inline-block;background:#9c3d10;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none;font-family:sans-serif">${escape(action.label)}</a></p>
<p style="font-size:13px;color:#6b655b">Or open this link: ${escape(action.url)}</p>
</div></body></html>`;
}

export function invitationMail(options: { to: string; inviter: string; group: string; url: string; expiresAt: Date }) {
  const expires = options.expiresAt.toUTCString().replace(/ \d\d:\d\d:\d\d GMT$/, "");
  const lines = [
    `${options.inviter} invited you to read with “${options.group}” on Study Circle.`,
    `The invitation is valid until ${expires}.`,
  ];
  return {
    to: options.to,
    subject: `${options.inviter} invited you to “${options.group}”`,
    text: `${lines.join("\n\n")}\n\nJoin the group: ${options.url}\n`,
    html: layout(`Join “${options.group}”`, lines, { label: "Join the group", url: options.url }),
  };
}

/** The link that finishes a password sign-up. No account exists until it is followed. */
export function confirmationMail(options: { to: string; name: string; url: string }) {
  const lines = [
    `Hello ${options.name},`,
    "Someone — we hope you — asked to create a Study Circle account with this address. Confirm it to finish: the link works once, for 24 hours.",
    "If it was not you, ignore this message: no account is made without this link.",
  ];
  return {
    to: options.to,
    subject: "Confirm your address for Study Circle",
    text: `${lines.join("\n\n")}\n\nConfirm your address: ${options.url}\n`,
    html: layout("Confirm your address", lines, { label: "Confirm your address", url: options.url }),
  };
}

/**
 * Sent instead of a confirmation when the address already has an account: the sign-up
 * form answers the same either way, so only the address's owner learns of it.
 */
export function signUpAttemptMail(options: { to: string; name: string; signInUrl: string }) {
  const lines = [
    `Hello ${options.name},`,
    "Someone tried to create a new Study Circle account with your address. You already have one, so nothing was changed.",
    "If it was you, sign in instead. If it was not, you need do nothing.",
  ];
  return {
    to: options.to,
    subject: "Someone tried to sign up with your address",
    text: `${lines.join("\n\n")}\n\nSign in: ${options.signInUrl}\n`,
    html: layout("Someone tried to sign up with your address", lines, { label: "Sign in", url: options.signInUrl }),
  };
}

export type DigestItem = { line: string; excerpt: string; url: string };
export type DigestSection = { group: string; texts: { title: string; items: DigestItem[] }[] };

/**
 * Notifications by mail: one item alone (sent immediately) or a digest, grouped by
 * group and reading, each item linking back to its thread.
 */
export function notificationMail(options: { to: string; name: string; sections: DigestSection[]; digest: "daily" | "weekly" | null; settingsUrl: string }) {
  const items = options.sections.flatMap((s) => s.texts.flatMap((t) => t.items));
  const single = options.digest === null && items.length === 1 ? items[0]! : null;
  const subject = single
    ? single.line
    : `${options.digest === "weekly" ? "This week" : "Today"} in your study groups: ${items.length} ${items.length === 1 ? "update" : "updates"}`;
  const text = [
    `Hello ${options.name},`,
    "",
    ...options.sections.flatMap((section) => [
      `== ${section.group} ==`,
      ...section.texts.flatMap((t) => [
        "",
        `-- ${t.title} --`,
        ...t.items.flatMap((item) => [`* ${item.line}`, ...(item.excerpt ? [`  “${item.excerpt}”`] : []), `  ${item.url}`]),
      ]),
      "",
    ]),
    `Change how often Study Circle emails you: ${options.settingsUrl}`,
    "",
  ].join("\n");
  const html = `<!doctype html><html><body style="font-family:Georgia,serif;color:#1d1b18;background:#fcfbf8;padding:24px">
<div style="max-width:560px;margin:auto">
<h1 style="font-size:20px">${escape(subject)}</h1>
${options.sections
  .map(
    (section) => `<h2 style="font-size:17px;margin-top:24px">${escape(section.group)}</h2>
${section.texts
  .map(
    (t) => `<h3 style="font-size:15px;color:#6b655b;margin-bottom:4px">${escape(t.title)}</h3>
<ul style="padding-left:18px;margin-top:4px">
${t.items
  .map(
    (item) =>
      `<li style="margin:8px 0;line-height:1.5"><a href="${escape(item.url)}" style="color:#9c3d10">${escape(item.line)}</a>${
        item.excerpt ? `<br><span style="color:#4a453d">“${escape(item.excerpt)}”</span>` : ""
      }</li>`,
  )
  .join("\n")}
</ul>`,
  )
  .join("\n")}`,
  )
  .join("\n")}
<p style="font-size:13px;color:#6b655b;margin-top:32px"><a href="${escape(options.settingsUrl)}" style="color:#6b655b">Change how often Study Circle emails you</a></p>
</div></body></html>`;
  return { to: options.to, subject, text, html };
}
