import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { stopChild } from "../../scripts/lib/embedded-mail";

// Berth's background parts as production runs them: `npm run worker` and `npm run ssh-gateway`, each a process
// of its own with NODE_ENV=production, on the environment the benchmark set up.
export type BerthParts = { stop: () => Promise<void> };

function startPart(script: string, readyLine: RegExp, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join("scripts", script)], {
    stdio: ["ignore", "pipe", "inherit"],
    env,
  });
  return new Promise((resolve, reject) => {
    let seen = "";
    let started = false;
    const timer = setTimeout(() => fail(new Error(`${script} did not start within 60 s`)), 60_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(error);
    };
    child.once("exit", (code) => fail(new Error(`${script} exited with ${code} before it started`)));
    // Read everything it prints (the worker logs every run), so its pipe never fills up.
    child.stdout!.on("data", (chunk: Buffer) => {
      if (started) return;
      seen += chunk.toString("utf8");
      if (!readyLine.test(seen)) return;
      started = true;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      resolve(child);
    });
  });
}

export async function startBerthParts(): Promise<BerthParts> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", APP_URL: "http://localhost:3000" };
  const parts = await Promise.allSettled([
    startPart("worker.ts", /worker .* started/, env),
    startPart("ssh-gateway.ts", /SSH gateway listening/, env),
  ]);
  const children = parts.flatMap((p) => (p.status === "fulfilled" ? [p.value] : []));
  const stop = async () => void (await Promise.all(children.map((c) => stopChild(c))));
  const failed = parts.find((p) => p.status === "rejected");
  if (failed) {
    await stop();
    throw failed.reason;
  }
  return { stop };
}
