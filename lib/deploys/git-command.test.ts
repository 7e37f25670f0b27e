import { describe, expect, it } from "vitest";
import { parseGitCommand } from "./git-command";

describe("git commands over SSH", () => {
  it.each([
    "git-receive-pack 'app'",
    "git-receive-pack '/app'",
    "git-receive-pack 'app.git'",
    "git-receive-pack '~/app'",
    'git-receive-pack "app"',
    "git-receive-pack app",
    "git receive-pack 'app'",
  ])("%s receives a push", (command) => {
    expect(parseGitCommand(command)).toEqual({ kind: "receive-pack" });
  });

  it.each([
    ["git-receive-pack 'other'", "There is no repository `other` here: push to `app`"],
    ["git-receive-pack '../app'", "There is no repository `../app` here"],
    ["git-receive-pack 'app'; rm -rf /", "There is no repository with that name here"],
    ['git-receive-pack "$(id)"', "There is no repository with that name here"],
    ["git-upload-pack 'app'", "Berth only receives pushes"],
  ])("%s is refused with a clear message", (command, message) => {
    const parsed = parseGitCommand(command);
    expect(parsed).toMatchObject({ kind: "refused" });
    expect(parsed && "message" in parsed && parsed.message).toContain(message);
  });

  it("anything else is a shell command", () => {
    expect(parseGitCommand("ls -la")).toBeNull();
    expect(parseGitCommand(null)).toBeNull();
    expect(parseGitCommand("gitk")).toBeNull();
  });
});
