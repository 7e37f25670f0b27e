import { describe, expect, it } from "vitest";
import { catalogStacks, localStacks } from "@/db/catalog-data";
import { starterCommand } from "@/db/stack-starters";
import { stackSchema } from "@/lib/admin/catalog-schemas";

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
    expect(script).toMatch(/^set -e; cd \/srv\/app; if \[ -z "\$\(ls -A\)" \]; then printf '%s\\n' '<!doctype html>' /);
    // Then the app runs from the volume: behind the deploy proxy where the image has socat, else on $PORT itself.
    expect(script).toMatch(
      /; fi; set \+e; if command -v socat .* setsid sh -c 'exec node server\.js' & .*; fi; exec node server\.js$/,
    );
  });

  it("keeps each starter one line, so /admin's stack form (one argument per line) saves it unchanged", () => {
    for (const stack of [...catalogStacks, ...localStacks]) {
      const form = stackSchema.parse({ ...stack, command: stack.command!.join("\n"), env: "" });
      expect(form.command, stack.slug).toEqual(stack.command);
    }
  });
});
