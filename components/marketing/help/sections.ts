import { account } from "./account";
import { api } from "./api";
import { billing } from "./billing";
import { deploying } from "./deploying";
import { gettingStarted } from "./getting-started";
import { instances } from "./instances";
import { sshKeys } from "./ssh-keys";
import { tickets } from "./tickets";
import type { HelpSection } from "./types";

// The order here is the reading order shown on /help and in the sidebar.
export const helpSections: readonly HelpSection[] = [
  gettingStarted,
  sshKeys,
  instances,
  deploying,
  billing,
  tickets,
  account,
  api,
];

export function findHelpSection(slug: string): HelpSection | undefined {
  return helpSections.find((section) => section.slug === slug);
}
