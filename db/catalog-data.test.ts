import { describe, expect, it } from "vitest";
import { catalogStacks, localStacks } from "./catalog-data";
import { starterCommand } from "./stack-starters";

// The production stacks pull images this machine cannot reach, so their configuration is checked as data.
describe("the catalogue's stacks", () => {
  it("Gitea runs its rootless image, serves on $PORT and keeps its data in the volume", () => {
    const gitea = catalogStacks.find((s) => s.slug === "gitea")!;
    expect(gitea).toMatchObject({
      image: "gitea/gitea:1.22-rootless",
      port: 3000,
      healthPath: "/api/healthz",
      volumePath: "/var/lib/gitea",
    });
    // The image's entrypoint writes app.ini from the environment, then runs the command it is given.
    expect(gitea.command).toEqual([
      "/bin/sh",
      "-c",
      'exec /usr/local/bin/gitea -c "$GITEA_APP_INI" web --port "$PORT"',
    ]);
  });

  it("every stack listens above 1024, which needs no capability, and starts its starter page", () => {
    for (const stack of [...catalogStacks, ...localStacks]) {
      expect(stack.port, stack.slug).toBeGreaterThan(1024);
      if (stack.slug === "gitea") continue;
      const [shell, flag, script] = stack.command!;
      expect([shell, flag], stack.slug).toEqual(["/bin/sh", "-c"]);
      expect(script, stack.slug).toContain(`cd ${stack.volumePath}`);
    }
  });

  it("writes the starter only into an empty volume, so the customer's own files are what runs", () => {
    const [, , script] = starterCommand("node", "/srv/app");
    expect(script).toMatch(
      /^set -e\ncd \/srv\/app\nif \[ -z "\$\(ls -A\)" \]; then\ncat > index.html <<'BERTH_STARTER'/,
    );
    expect(script).toMatch(/\nfi\nset \+e\nexec node server\.js$/);
  });
});
