import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and server-only packages stay out of the bundle and are required at run time.
  serverExternalPackages: ["@node-rs/argon2", "postgres", "nodemailer", "@zxcvbn-ts/core", "@zxcvbn-ts/language-common"],
  poweredByHeader: false,
  // `npm test` type-checks the whole project (tools and tests included) before it builds; the build needn't repeat it.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
};

export default nextConfig;
