import { env } from "@/lib/env";
import { DEPLOY_REPO } from "./git-command";

/** The remote a customer pushes to (the ssh:// form carries the gateway's port, which scp-like remotes cannot). */
export const gitRemote = (slug: string) =>
  env.SSH_GATEWAY_PORT === 22
    ? `${slug}@${env.SSH_GATEWAY_HOST}:${DEPLOY_REPO}`
    : `ssh://${slug}@${env.SSH_GATEWAY_HOST}:${env.SSH_GATEWAY_PORT}/${DEPLOY_REPO}`;

/** Where sftp puts a static site's files. */
export const sftpCommand = (slug: string) => `sftp -P ${env.SSH_GATEWAY_PORT} ${slug}@${env.SSH_GATEWAY_HOST}`;
