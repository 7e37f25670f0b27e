import { DEPLOY_DIR, quote, writeLines } from "@/db/stack-starters";

// The shell scripts a deploy runs inside the instance's container (as the app's user, through docker exec). The
// volume keeps, under DEPLOY_DIR: repo.git (the bare repository pushed to), builds/<n> (one checkout and build per
// pushed release), run/<n> (the script that starts release n), live (a copy of the live release's, which the
// container's command starts on boot), live.pid and target (the port the proxy on $PORT forwards to).

export type DeployStack = "node" | "python" | "ruby";

/**
 * The deploy flavour of a catalogue stack, or null when it does not build pushes. Only the images built from Debian
 * packages (`local-<stack>`) carry git and the proxy (socat) a deploy needs; the upstream images have neither.
 */
export function deployStackOf(stackSlug: string): DeployStack | null {
  const base = stackSlug.startsWith("local-") ? stackSlug.slice("local-".length) : null;
  // Ruby takes no pushes for now: in full test runs its new release's Puma was alive but never listened within the
  // health check's 60 s (alone it always did), and a deploy that is not dependable is not offered.
  return base === "node" || base === "python" ? base : null;
}

export const repoPath = (volumePath: string) => `${volumePath}/${DEPLOY_DIR}/repo.git`;

/** Creates the bare repository on the first push (later pushes find it), then lists its branches like refsScript. */
export const ensureRepoScript = (volumePath: string) =>
  `set -e; r=${quote(repoPath(volumePath))}; if [ ! -d "$r" ]; then mkdir -p "$(dirname "$r")"; git init -q --bare "$r"; fi; ${refsScript(volumePath)}`;

/** The branches of the repository, one `<sha> <ref>` a line. */
export const refsScript = (volumePath: string) =>
  `git --git-dir=${quote(repoPath(volumePath))} for-each-ref --format='%(objectname) %(refname)' refs/heads`;

// Each stack's build, as a shell fragment run in the checkout. Instances may have no network: npm and pip then
// fail at once on a dependency they would have to fetch, and say which.
const BUILD: Record<DeployStack, string> = {
  node: [
    "export NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false NPM_CONFIG_FETCH_RETRIES=0",
    "if [ -f package.json ]; then",
    "if [ -f package-lock.json ] || [ -f npm-shrinkwrap.json ]; then say 'npm ci'; npm ci; else say 'npm install'; npm install; fi",
    "say 'npm run build --if-present'; npm run build --if-present",
    // The start script, read once here so that starting a release needs neither npm nor a node to read it.
    `node -e 'const s = require("./package.json").scripts?.start; if (s) require("fs").writeFileSync(".berth-start", s)'`,
    "else say 'No package.json: nothing to build'; fi",
  ].join("\n"),
  python: [
    "say 'Creating a virtual environment in .venv'",
    "python3 -m venv --system-site-packages .venv",
    "if [ -f requirements.txt ]; then say 'pip install -r requirements.txt'; .venv/bin/pip install --disable-pip-version-check --no-input --retries 0 -r requirements.txt; else say 'No requirements.txt: nothing to install'; fi",
  ].join("\n"),
  ruby: [
    "if [ -f Gemfile ]; then say 'bundle install'; bundle config set --local path vendor/bundle; bundle install --prefer-local; else say 'No Gemfile: nothing to install'; fi",
  ].join("\n"),
};

// How each stack starts a build (run in it, with $PORT set): a Procfile's `web:` line wins, as on Heroku.
const START: Record<DeployStack, string> = {
  node: `if [ -f .berth-start ]; then PATH="$PWD/node_modules/.bin:$PATH" exec sh -c "$(cat .berth-start)"; fi; exec node server.js`,
  python: `exec .venv/bin/python -m gunicorn --bind "0.0.0.0:$PORT" app:app`,
  ruby: `if [ -f Gemfile ]; then exec bundle exec puma --bind "tcp://0.0.0.0:$PORT" config.ru; fi; exec puma --bind "tcp://0.0.0.0:$PORT" config.ru`,
};

const SAY = `say() { printf -- '-----> %s\\n' "$*"; }`;

/** Checks the commit out into builds/<n> and runs the stack's build there; its output is the build log. */
export function buildScript(o: { volumePath: string; stack: DeployStack; number: number; sha: string }) {
  const dir = `${o.volumePath}/${DEPLOY_DIR}`;
  return [
    "set -e",
    SAY,
    `cd ${quote(dir)}`,
    `rm -rf builds/${o.number}; mkdir -p builds/${o.number}`,
    `git --git-dir=repo.git archive ${quote(o.sha)} | tar -x -C builds/${o.number}`,
    `cd builds/${o.number}`,
    BUILD[o.stack],
  ].join("\n");
}

export const START_PORT_BASE = 40000;
/** The port release n listens on inside the container, apart from every other release's. */
export const releasePort = (number: number) => START_PORT_BASE + (number % 20000);

export const FAIL_MARK = "berth-failed:";

/**
 * Starts release n from build b on its own port with its environment, waits until its health path answers 2xx or
 * 3xx, then makes it the live one: the proxy's target, the script the container starts on boot. The release it
 * replaces keeps serving the requests it has for a grace period, then its process group is stopped. On failure the
 * new process is stopped and nothing else changes; the last line then starts with FAIL_MARK and says why.
 */
export function activateScript(o: {
  volumePath: string;
  stack: DeployStack;
  number: number;
  buildNumber: number;
  healthPath: string;
  env: Record<string, string>;
  timeoutSeconds: number;
  graceSeconds: number;
  /** The builds kept once this one is live (its own among them): every other is deleted. */
  keepBuilds: number[];
}) {
  const dir = `${o.volumePath}/${DEPLOY_DIR}`;
  const port = releasePort(o.number);
  const run = [
    `cd ${quote(`${dir}/builds/${o.buildNumber}`)} || exit 1`,
    ...Object.entries(o.env).map(([k, v]) => `export ${k}=${quote(v)}`),
    `export PORT=${port}`,
    `if [ -f Procfile ] && web=$(sed -n 's/^web:[[:space:]]*//p' Procfile | head -n 1) && [ -n "$web" ]; then exec sh -c "$web"; fi`,
    START[o.stack],
  ];
  const request = `GET ${o.healthPath} HTTP/1.0\\r\\nHost: localhost\\r\\nUser-Agent: berth-health-check\\r\\n\\r\\n`;
  return [
    "set -u",
    SAY,
    `cd ${quote(dir)} || exit 1`,
    "umask 077; mkdir -p run",
    `n=${o.number}; port=${port}`,
    // A retried activation first stops what an earlier attempt started.
    `if [ -f run/$n.pid ]; then kill -TERM -"$(cat run/$n.pid)" 2>/dev/null; rm -f run/$n.pid; sleep 0.2; fi`,
    `${writeLines(run)} > run/$n`,
    `say "Starting release v$n"`,
    "t0=$(date +%s%N)",
    `setsid sh run/$n </dev/null >/proc/1/fd/1 2>/proc/1/fd/2 &`,
    `pid=$!; echo $pid > run/$n.pid`,
    `alive() { s=$(sed -n 's/^[0-9]* (.*) \\(.\\).*/\\1/p' /proc/$pid/stat 2>/dev/null); [ -n "$s" ] && [ "$s" != Z ]; }`,
    `deadline=$(( $(date +%s) + ${o.timeoutSeconds} ))`,
    "while :; do",
    `  if ! alive; then echo "${FAIL_MARK} The app exited before it answered on its port ($port). See the build log and your start command."; exit 3; fi`,
    `  status=$(printf '${request}' | socat -t 5 -T 5 - TCP:127.0.0.1:$port 2>/dev/null | head -n 1 | tr -d "\\r")`,
    `  case "$status" in "HTTP/"*" 2"*|"HTTP/"*" 3"*) break;; esac`,
    `  if [ "$(date +%s)" -ge "$deadline" ]; then kill -TERM -$pid 2>/dev/null; rm -f run/$n.pid; echo "${FAIL_MARK} ${o.healthPath} did not answer with a success status within ${o.timeoutSeconds} s\${status:+ (last answer: $status)}."; exit 4; fi`,
    "  sleep 0.2",
    "done",
    `ms=$(( ($(date +%s%N) - t0) / 1000000 )); say "Release v$n answers on ${o.healthPath} after $((ms / 1000)).$((ms % 1000 / 100)) s"`,
    "old=$(cat live.pid 2>/dev/null || true)",
    "cp run/$n live.tmp && mv live.tmp live",
    "echo $port > target.tmp && mv target.tmp target",
    "echo $pid > live.pid",
    // Connections the proxy already forwards to the old release stay with it until it goes: after a moment for the
    // requests under way, it is stopped (SIGTERM, SIGKILL after 10 s), so once this says live only the new one answers.
    `if [ -n "$old" ] && [ "$old" != "$pid" ]; then sleep ${o.graceSeconds}; kill -TERM -$old 2>/dev/null; i=0; while [ -d /proc/$old ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done; kill -KILL -$old 2>/dev/null; fi`,
    `for f in run/*.pid; do p=$(cat "$f" 2>/dev/null); if [ -n "$p" ] && [ "$p" != "$pid" ]; then rm -f "$f"; fi; done`,
    pruneBuildsScript(o.volumePath, o.keepBuilds),
  ].join("\n");
}

/** Deletes the builds not in `keep` (the live one is always among them). */
export const pruneBuildsScript = (volumePath: string, keep: number[]) =>
  `(cd ${quote(`${volumePath}/${DEPLOY_DIR}/builds`)} 2>/dev/null && for b in *; do case " ${keep.join(" ")} " in *" $b "*) ;; *) rm -rf "$b";; esac; done) || true`;
