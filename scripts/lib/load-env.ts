import nextEnv from "@next/env";

// The same .env files Next reads (.env, .env.local, .env.development …), loaded before anything reads the env.
nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== "production", { info: () => {}, error: console.error });
