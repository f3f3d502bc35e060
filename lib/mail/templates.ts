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
