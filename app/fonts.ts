import localFont from "next/font/local";

// Self-hosted from npm (@fontsource-variable): no request leaves the reader's browser
// for a font, and builds need no network.
export const serif = localFont({
  src: [
    { path: "../node_modules/@fontsource-variable/literata/files/literata-latin-wght-normal.woff2", style: "normal" },
    { path: "../node_modules/@fontsource-variable/literata/files/literata-latin-wght-italic.woff2", style: "italic" },
  ],
  weight: "200 900",
  variable: "--font-serif",
  display: "swap",
  fallback: ["Georgia", "Cambria", "Times New Roman", "serif"],
});

export const sans = localFont({
  src: [{ path: "../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2", style: "normal" }],
  weight: "100 900",
  variable: "--font-sans",
  display: "swap",
  fallback: ["system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"],
});
