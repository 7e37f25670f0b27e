import type { ComponentType } from "react";

export type HelpSection = {
  slug: string;
  title: string;
  summary: string;
  Content: ComponentType;
};
