import { ActionForm } from "@/components/ui/action-form";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { addHostAction } from "./actions";

export function AddHostForm() {
  return (
    <ActionForm action={addHostAction} label="Add a Docker host" className="grid gap-3 sm:grid-cols-2">
      <Field id="host-name" name="name" label="Name" required hint="Lowercase letters, digits and dashes." />
      <Field
        id="host-endpoint"
        name="endpoint"
        label="Endpoint"
        required
        placeholder="tcp://10.0.0.5:2375"
        hint="unix:///path.sock, tcp://host:port or https://host:port. Checked on save."
      />
      <Field
        id="host-network"
        name="networkMode"
        label="Network mode"
        defaultValue="isolated"
        hint="isolated (instances on this machine's engine), bridge (a network per instance that only the edge joins) or host-unsafe (one customer only)."
      />
      <Field id="host-address" name="publicAddress" label="Public address" defaultValue="127.0.0.1" />
      <Field id="host-port-start" name="portRangeStart" label="First port" type="number" defaultValue={20000} />
      <Field id="host-port-end" name="portRangeEnd" label="Last port" type="number" defaultValue={29999} />
      <div className="sm:col-span-2">
        <SubmitButton pendingText="Checking the engine…">Add host</SubmitButton>
      </div>
    </ActionForm>
  );
}
