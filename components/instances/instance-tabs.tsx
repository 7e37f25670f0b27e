"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/cn";

// The instance page's tabs, in the order they show, each a route under /instances/<id>: the one list of them.
export const INSTANCE_TABS = [
  { segment: "", label: "Overview" },
  { segment: "deploys", label: "Deploys" },
  { segment: "logs", label: "Logs" },
  { segment: "environment", label: "Environment" },
  { segment: "domains", label: "Custom domains" },
  { segment: "backups", label: "Backups" },
  { segment: "access", label: "Access" },
  { segment: "settings", label: "Settings" },
] as const;

const hrefOf = (instanceId: string, segment: string) => `/instances/${instanceId}${segment ? `/${segment}` : ""}`;

export function InstanceTabs({ instanceId }: { instanceId: string }) {
  const pathname = usePathname();
  // The tab whose route is the longest prefix of the path: /instances/<id>/backups/… is Backups, anything else Overview.
  const active = [...INSTANCE_TABS]
    .reverse()
    .find(
      (t) => pathname === hrefOf(instanceId, t.segment) || pathname.startsWith(`${hrefOf(instanceId, t.segment)}/`),
    );
  return (
    <nav aria-label="Instance" className="border-b border-slate-200">
      <ul className="-mb-px flex flex-wrap gap-1 text-sm">
        {INSTANCE_TABS.map((t) => {
          const current = t === active;
          return (
            <li key={t.segment}>
              <Link
                href={hrefOf(instanceId, t.segment)}
                aria-current={current ? "page" : undefined}
                className={cn(
                  "inline-block border-b-2 px-3 py-2 font-medium",
                  current
                    ? "border-slate-900 text-slate-900"
                    : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900",
                )}
              >
                {t.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
