import { execFile } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

export type PushResult = { code: number; output: string };

/** A working copy with git's real client, committed file by file and pushed through the gateway like a customer. */
export function appRepo(keyFile: string, gatewayPort: number) {
  const dir = mkdtempSync(path.join(tmpdir(), "berth-app-"));
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: "Ada",
    GIT_AUTHOR_EMAIL: "ada@example.test",
    GIT_COMMITTER_NAME: "Ada",
    GIT_COMMITTER_EMAIL: "ada@example.test",
    GIT_SSH_COMMAND: `ssh -i ${keyFile} -p ${gatewayPort} -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR`,
  };
  const git = async (...args: string[]) => (await execFileAsync("git", args, { cwd: dir, env })).stdout.trim();
  const ready = git("init", "-q", "-b", "main");
  return {
    dir,
    /** Replaces the working tree's files with these and commits them; resolves to the commit's sha. */
    async commit(files: Record<string, string>, message = "deploy") {
      await ready;
      await git("rm", "-rq", "--ignore-unmatch", ".");
      for (const [name, body] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        writeFileSync(path.join(dir, name), body);
      }
      await git("add", "-A");
      await git("commit", "-q", "--allow-empty", "-m", message);
      return git("rev-parse", "HEAD");
    },
    /** `git push <slug>@127.0.0.1:app main` (the gateway's port through GIT_SSH_COMMAND). */
    async push(slug: string, repo = "app"): Promise<PushResult> {
      await ready;
      try {
        const { stdout, stderr } = await execFileAsync("git", ["push", `${slug}@127.0.0.1:${repo}`, "main"], {
          cwd: dir,
          env,
          timeout: 180_000,
        });
        return { code: 0, output: stdout + stderr };
      } catch (error) {
        const e = error as { code: number | string; stdout: string; stderr: string };
        return { code: typeof e.code === "number" ? e.code : -1, output: e.stdout + e.stderr };
      }
    },
  };
}
