import { env } from "./env";

export const appUrl = (path: string) => new URL(path, env.APP_URL).toString();
