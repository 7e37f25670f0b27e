// What an SSH exec request asks of the gateway when it is git's: `git push <slug>@<gateway>:app` runs
// `git-receive-pack 'app'` (older clients `git receive-pack`, some quote with double quotes or add a slash or `.git`).
export type GitCommand = { kind: "receive-pack" } | { kind: "refused"; message: string };

export const DEPLOY_REPO = "app";

const GIT = /^git[- ](receive-pack|upload-pack|upload-archive)\s+(.*)$/s;

function unquote(word: string): string | null {
  const w = word.trim();
  if (/^'[^']*'$/.test(w) || /^"[^"\\$`]*"$/.test(w)) return w.slice(1, -1);
  if (/^[\w./~-]+$/.test(w)) return w;
  return null;
}

/** null: not a git command, the shell handles it. */
export function parseGitCommand(command: string | null): GitCommand | null {
  const match = command?.trim().match(GIT);
  if (!match) return null;
  const [, service, arg] = match as unknown as [string, string, string];
  if (service !== "receive-pack")
    return {
      kind: "refused",
      message: `Berth only receives pushes: \`git push\` to the repository \`${DEPLOY_REPO}\` deploys your app.`,
    };
  const path = unquote(arg);
  const name = path?.replace(/^(\/|~\/)/, "").replace(/\.git\/?$/, "");
  if (name !== DEPLOY_REPO)
    return {
      kind: "refused",
      message: `There is no repository ${path === null ? "with that name" : `\`${path}\``} here: push to \`${DEPLOY_REPO}\`, as in git push <instance>@<gateway>:${DEPLOY_REPO}`,
    };
  return { kind: "receive-pack" };
}
