import { describe, expect, it } from "vitest";
import { branchToDeploy } from "./git-push";

const refs = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe("the branch a push deploys", () => {
  it("is the one it updated, main or master first", () => {
    expect(branchToDeploy(refs({}), refs({ "refs/heads/main": "a" }), null)).toEqual({
      ref: "refs/heads/main",
      sha: "a",
    });
    expect(
      branchToDeploy(
        refs({ "refs/heads/main": "a" }),
        refs({ "refs/heads/main": "a", "refs/heads/feature": "f", "refs/heads/master": "m" }),
        null,
      ),
    ).toEqual({ ref: "refs/heads/master", sha: "m" });
  });

  it("is nothing when nothing changed, unless the head's deploy failed last: pushing again retries it", () => {
    const same = refs({ "refs/heads/main": "a" });
    expect(branchToDeploy(same, same, null)).toBeNull();
    expect(branchToDeploy(same, same, "b")).toBeNull();
    expect(branchToDeploy(same, same, "a")).toEqual({ ref: "refs/heads/main", sha: "a" });
  });

  it("is nothing when the push only deleted a branch", () => {
    expect(
      branchToDeploy(refs({ "refs/heads/main": "a", "refs/heads/old": "o" }), refs({ "refs/heads/main": "a" }), null),
    ).toBeNull();
  });
});
