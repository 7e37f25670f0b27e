import { Card, CardHeader } from "@/components/ui/card";

// A titled, captioned table for the detail pages; `empty` is what a table with no rows says instead.
export function SimpleTable({ title, columns, rows, empty }: { title: string; columns: string[]; rows: { key: string; cells: React.ReactNode[] }[]; empty: string }) {
  return (
    <Card>
      <CardHeader title={title} />
      {rows.length === 0 ? <p className="text-sm text-slate-600">{empty}</p> : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{title}</caption>
            <thead className="text-xs uppercase text-slate-500">
              <tr>{columns.map((c) => <th key={c} scope="col" className="py-2 pr-4">{c}</th>)}</tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((r) => (
                <tr key={r.key} className="align-top">{r.cells.map((c, i) => <td key={i} className="py-2 pr-4">{c}</td>)}</tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
