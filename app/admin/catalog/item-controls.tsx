import { ButtonForm } from "../_components/button-form";
import { deleteCatalogItemAction, setCatalogActiveAction } from "./actions";

// Retire keeps the row for the instances on it; delete is refused while anything refers to it.
export function ItemControls({
  kind,
  id,
  name,
  active,
}: {
  kind: "plan" | "stack";
  id: string;
  name: string;
  active: boolean;
}) {
  return (
    <div className="flex flex-wrap gap-2">
      <ButtonForm
        action={setCatalogActiveAction}
        fields={{ kind, id, active: String(!active) }}
        label={active ? `Retire ${name}` : `Reactivate ${name}`}
      />
      <ButtonForm action={deleteCatalogItemAction} fields={{ kind, id }} label={`Delete ${name}`} variant="danger" />
    </div>
  );
}
