// Shared HTML for the hosted stand-ins. Stable labels and roles, so Playwright can drive them.

export function esc(s: unknown): string {
  return String(s ?? "").replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

export function money(amount: number, currency: string): string {
  return `${(amount / 100).toFixed(2)} ${currency.toUpperCase()}`;
}

export function date(ts: number): string {
  return new Date(ts * 1000).toISOString().slice(0, 10);
}

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
  .banner { background: #fff3cd; border: 1px solid #e0c36c; padding: .75rem 1rem; border-radius: .5rem; margin-bottom: 1.5rem; }
  .error { background: #fde2e1; border: 1px solid #e3a3a0; padding: .75rem 1rem; border-radius: .5rem; }
  fieldset { border: 1px solid #ddd; border-radius: .5rem; margin: 1rem 0; }
  button { padding: .5rem 1rem; margin-top: .5rem; }
  table { border-collapse: collapse; width: 100%; }
  td, th { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #eee; }
</style>
</head>
<body>
<div class="banner" role="note" aria-label="Emulator notice"><strong>Local Stripe emulator.</strong> Test mode only — no money moves and no card is charged.</div>
${body}
</body>
</html>`;
}

export const TEST_CARDS = [
  { value: "4242424242424242", label: "4242 4242 4242 4242 — succeeds" },
  { value: "4000000000000341", label: "4000 0000 0000 0341 — attaches, every charge fails" },
  { value: "4000000000000002", label: "4000 0000 0000 0002 — declined" },
];

export function cardChoices(allowNone: boolean): string {
  const options = TEST_CARDS.map(
    (c, i) =>
      `<label><input type="radio" name="card" value="${c.value}"${i === 0 ? " checked" : ""}> ${esc(c.label)}</label><br>`,
  );
  if (allowNone) options.push(`<label><input type="radio" name="card" value="none"> No card</label><br>`);
  return `<fieldset><legend>Card</legend>${options.join("\n")}</fieldset>`;
}
