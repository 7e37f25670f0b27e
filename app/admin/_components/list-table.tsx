import { Children, type ReactNode } from "react";

// The table of an admin list page: its rows are the children; with none, `empty` says so across the whole width.
export function ListTable({
  caption,
  columns,
  empty,
  children,
}: {
  caption?: string;
  columns: string[];
  empty: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col" className="py-2 pr-4">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {Children.count(children) === 0 ? (
            <tr>
              <td colSpan={columns.length} className="py-4 text-slate-600">
                {empty}
              </td>
            </tr>
          ) : (
            children
          )}
        </tbody>
      </table>
    </div>
  );
}
