// What each stack serves on first boot, and the shell command that puts it in place and starts the app server.
// The starter is written into the instance's volume only while that volume is empty, so the customer's code,
// once copied there, is what runs. The same command runs in the upstream images (production) and in the images built
// from Debian packages (development and tests), so both listen on $PORT and answer their health path the same way.

export type StarterStack = "node" | "python" | "ruby" | "static";

const page = (stack: string, how: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Your ${stack} app runs here</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>Your ${stack} app runs here</h1>
<p>This is the starter page of your new instance. Copy your app into this directory over SSH and it replaces this page: ${how}</p>
</body></html>
`;

const nodeServer = `const http = require("node:http");
const page = require("node:fs").readFileSync(require("node:path").join(__dirname, "index.html"));
http.createServer((req, res) => {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  res.end(page);
}).listen(Number(process.env.PORT) || 3000, "0.0.0.0");
`;

const pythonApp = `import os

PAGE = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "index.html"), "rb").read()


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
    return [PAGE]
`;

const rubyApp = `PAGE = File.read(File.join(__dir__, "index.html"))
run ->(_env) { [200, { "content-type" => "text/html; charset=utf-8" }, [PAGE]] }
`;

// An image without the stack's app server (python:3.12-slim has no gunicorn, ruby:3.3-slim no puma) still
// serves the starter with what the language ships.
const wsgirefFallback = `exec python3 -c 'import os, app; from wsgiref.simple_server import make_server; make_server("0.0.0.0", int(os.environ["PORT"]), app.app).serve_forever()'`;
const rubyFallback = `exec ruby -rsocket -e 'page = File.read("index.html"); s = TCPServer.new("0.0.0.0", Integer(ENV["PORT"])); loop { c = s.accept; while (l = c.gets) && l != "\\r\\n"; end; c.write("HTTP/1.1 200 OK\\r\\ncontent-type: text/html; charset=utf-8\\r\\ncontent-length: #{page.bytesize}\\r\\nconnection: close\\r\\n\\r\\n#{page}"); c.close rescue nil }'`;

// nginx writes everything (its pid, its temporary files) under /tmp, so it runs as any user. As root (the upstream
// image) it stays one process and keeps its temporary files root's: workers of another user, or handing the files to
// one, would need the setuid and chown capabilities Berth drops.
const nginxConf = (root: string) => [
  "daemon off; pid /tmp/nginx.pid; error_log stderr; events {}",
  "http { include /etc/nginx/mime.types; access_log off;",
  "client_body_temp_path /tmp/nginx-body; proxy_temp_path /tmp/nginx-proxy; fastcgi_temp_path /tmp/nginx-fastcgi;",
  "uwsgi_temp_path /tmp/nginx-uwsgi; scgi_temp_path /tmp/nginx-scgi;",
  `server { listen PORT; root ${root}; index index.html; } }`,
];
const nginxStart = (root: string) =>
  `{ if [ "$(id -u)" = 0 ]; then echo "master_process off; user root root;"; fi; ${writeLines(nginxConf(root))}; } | sed "s/listen PORT;/listen $PORT;/" > /tmp/berth-nginx.conf; exec nginx -e stderr -c /tmp/berth-nginx.conf`;

// One shell word, single-quoted: nothing in it is expanded.
export const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
// printf of the lines, each its own argument, so the script stays on one line.
export const writeLines = (lines: string[]) => `printf '%s\\n' ${lines.map(quote).join(" ")}`;

type Starter = { files: Record<string, string>; start: string };

export function starterOf(stack: StarterStack, volumePath: string): Starter {
  switch (stack) {
    case "node":
      return {
        files: {
          "index.html": page("Node.js", "<code>node server.js</code> runs it."),
          "server.js": nodeServer,
          "package.json": `{ "name": "starter", "private": true, "scripts": { "start": "node server.js" } }\n`,
        },
        start: "exec node server.js",
      };
    case "python":
      return {
        files: { "index.html": page("Python", "gunicorn serves <code>app:app</code>."), "app.py": pythonApp },
        start: `command -v gunicorn >/dev/null && exec gunicorn --bind "0.0.0.0:\${PORT}" app:app\n${wsgirefFallback}`,
      };
    case "ruby":
      return {
        files: { "index.html": page("Ruby", "Puma serves <code>config.ru</code>."), "config.ru": rubyApp },
        start: `command -v puma >/dev/null && exec puma --bind "tcp://0.0.0.0:\${PORT}" config.ru\n${rubyFallback}`,
      };
    case "static":
      return {
        files: { "index.html": page("static", "the files you upload are served as they are.") },
        start: nginxStart(volumePath),
      };
  }
}

// Where deploys (lib/deploys/) keep their state, inside the instance's volume: the bare repository pushed to, one
// directory per build, the script that starts the live release (`live`, with its pid in `live.pid`) and the port the
// in-container proxy forwards to (`target`).
export const DEPLOY_DIR = ".berth";

// An app stack whose image has socat and setsid (the ones built from Debian packages) runs behind a proxy on $PORT
// that reads `target` for every new connection: a deploy starts the new release on a port of its own, health-checks
// it, then rewrites `target`, so traffic moves over without a refused connection. The live release (or the starter,
// one port above $PORT) runs in a session of its own, so a deploy can stop it and its children. Elsewhere the app
// server listens on $PORT itself, as before.
const behindProxy = (start: string) =>
  [
    "if command -v socat >/dev/null && command -v setsid >/dev/null; then",
    `mkdir -p ${DEPLOY_DIR};`,
    `if [ -f ${DEPLOY_DIR}/live ]; then setsid sh ${DEPLOY_DIR}/live & else`,
    `PORT=$((PORT + 1)) setsid sh -c ${quote(start.split("\n").join("; "))} & echo $((PORT + 1)) > ${DEPLOY_DIR}/target; fi;`,
    `echo $! > ${DEPLOY_DIR}/live.pid;`,
    // socat reads its own colons in the address: the inner ones are escaped.
    `exec socat TCP-LISTEN:$PORT,fork,reuseaddr SYSTEM:${quote(`exec socat STDIO TCP\\:127.0.0.1\\:$(cat ${DEPLOY_DIR}/target)`)};`,
    "fi",
  ].join(" ");

// `sh -c` script: write the starter into an empty volume, then start the app server from the volume. It is one line,
// so it is one argument in /admin's stack form too (one argument per line there).
export function starterCommand(stack: StarterStack, volumePath: string): string[] {
  const { files, start } = starterOf(stack, volumePath);
  const writes = Object.entries(files).map(
    ([name, body]) => `${writeLines(body.replace(/\n$/, "").split("\n"))} > ${name}`,
  );
  const script = [
    "set -e",
    `cd ${volumePath}`,
    `if [ -z "$(ls -A)" ]; then ${writes.join("; ")}; fi`,
    "set +e",
    ...(stack === "static" ? [] : [behindProxy(start)]),
    ...start.split("\n"),
  ].join("; ");
  return ["/bin/sh", "-c", script];
}
