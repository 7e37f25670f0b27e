import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and server-only packages stay out of the bundle and are required at run time.
  serverExternalPackages: [
    "@node-rs/argon2",
    "postgres",
    "nodemailer",
    "@zxcvbn-ts/core",
    "@zxcvbn-ts/language-common",
  ],
  poweredByHeader: false,
  // Above the 64 KiB cap on an SSH key (lib/keys/key-limits.ts) and a 1 MB paste or file with the rest of the form,
  // so such a form gets its clear refusal from the action instead of a failed request.
  experimental: { serverActions: { bodySizeLimit: "2mb" } },
  // `npm test` type-checks the whole project (tools and tests included) before it builds; the build needn't repeat it.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
};

export default nextConfig;
