import { chromium } from "@playwright/test";
const [,, url, out, w = "1440", h = "900", theme = ""] = process.argv;
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--disable-gpu","--no-first-run","--disable-background-networking","--disable-quic"] });
const page = await browser.newPage({ viewport: { width: +w, height: +h }, colorScheme: theme === "dark" ? "dark" : "light" });
await page.goto(url, { waitUntil: "networkidle" });
await page.screenshot({ path: out, fullPage: process.env.FULL === "1" });
await browser.close();
