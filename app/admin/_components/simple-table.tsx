import { Card, CardHeader } from "@/components/ui/card";
import { ListTable } from "./list-table";

// A titled, captioned table for the detail pages; `empty` is what a table with no rows says instead.
export function SimpleTable({
  title,
  columns,
  rows,
  empty,
}: {
  title: string;
  columns: string[];
  rows: { key: string; cells: React.ReactNode[] }[];
  empty: string;
}) {
  return (
    <Card>
      <CardHeader title={title} />
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">{empty}</p>
      ) : (
        <ListTable caption={title} columns={columns} empty={empty}>
          {rows.map((r) => (
            <tr key={r.key} className="align-top">
              {r.cells.map((c, i) => (
                <td key={i} className="py-2 pr-4">
                  {c}
                </td>
              ))}
            </tr>
          ))}
        </ListTable>
      )}
    </Card>
  );
}
