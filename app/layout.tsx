import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Berth: managed app hosting", template: "%s · Berth" },
  description:
    "Run your app, a packaged service or a static site on a managed instance. Start with a free trial, no card needed.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Scripts carry a per-request CSP nonce (proxy.ts), so no page may be prerendered without one.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
