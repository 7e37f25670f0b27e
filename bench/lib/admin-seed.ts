import type { Sql } from "postgres";

// 100k users, 200k instances over three hosts and the seeded plans, 200k audit rows: set-based, in seconds.
export async function seedAdminData(sql: Sql, o: { users: number; instances: number; audit: number }) {
  await sql`insert into hosts (name, endpoint, memory_mb, status)
    select 'bench-' || n, 'tcp://127.0.0.1:' || (60000 + n), 262144, 'active' from generate_series(1, 3) n on conflict do nothing`;
  await sql`insert into users (email, name, role, created_at, email_verified)
    select 'user' || n || '@example.test', (array['Ada','Grace','Alan','Edsger','Barbara','Linus'])[1 + n % 6] || ' ' || md5(n::text),
      case when n % 1000 = 0 then 'staff'::user_role else 'customer'::user_role end,
      now() - (n || ' seconds')::interval - (random() * 1000 || ' microseconds')::interval, now()
    from generate_series(1, ${o.users}) n`;
  await sql`
    with u as (select id, row_number() over () as rn from users),
         p as (select array_agg(id) ids from plans),
         h as (select array_agg(id) ids from hosts where name like 'bench-%'),
         s as (select id from stacks where slug = 'demo')
    insert into instances (owner_id, name, slug, plan_id, stack_id, host_id, status, is_trial, created_at)
    select u.id, 'app' || n, 'bench-' || n, p.ids[1 + n % array_length(p.ids, 1)], s.id, h.ids[1 + n % 3],
      (array['running','running','running','suspended','terminated','terminated','failed','running'])[1 + n % 8]::instance_status,
      n <= ${o.users} and n % 5 = 0, now() - (n || ' seconds')::interval
    from generate_series(1, ${o.instances}) n
    join u on u.rn = 1 + n % ${o.users}
    cross join p cross join h cross join s`;
  await sql`
    with staff as (select array_agg(id) ids from users where role = 'staff')
    insert into audit_log (actor_id, action, target_type, target_id, ip, created_at)
    select staff.ids[1 + n % array_length(staff.ids, 1)], (array['user.suspend','instance.suspend','plan.update','host.drain'])[1 + n % 4],
      'user', md5(n::text), '192.0.2.1', now() - (n || ' seconds')::interval
    from generate_series(1, ${o.audit}) n cross join staff`;
  await sql`vacuum analyze`;
}

// 500k invoices over the seeded instances (a month apart per instance, 2% failing, some due, void, draft),
// a subscription per instance with dunning notices on the failing ones, 50k tickets with 3 messages each.
export async function seedBillingAndSupport(sql: Sql, o: { invoices: number; tickets: number }) {
  await sql`create temporary table bench_instances as
    select id, owner_id, row_number() over (order by created_at desc, id) as rn from instances where slug like 'bench-%'`;
  await sql`create index on bench_instances (rn)`;
  await sql`analyze bench_instances`;
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from bench_instances`;
  const count = row!.n;
  await sql`
    insert into subscriptions (stripe_subscription_id, user_id, instance_id, stripe_price_id, status, current_period_start, current_period_end, created_at)
    select 'sub_bench_' || rn, owner_id, id, 'price_bench', case when rn % 50 = 0 then 'past_due' else 'active' end,
      now() - interval '10 days', now() + interval '20 days', now() - (rn || ' minutes')::interval
    from bench_instances`;
  await sql`
    insert into dunning_notices (stripe_subscription_id, stripe_invoice_id, stage, created_at)
    select 'sub_bench_' || rn, null, s.stage, now() - ((rn % 40) || ' days')::interval + s.offs
    from bench_instances cross join (values ('payment_failed', interval '0'), ('suspended', interval '7 days')) s(stage, offs)
    where rn % 50 = 0 and (s.stage = 'payment_failed' or rn % 100 = 0)`;
  await sql`
    insert into invoices (stripe_invoice_id, user_id, stripe_subscription_id, instance_id, number, status, currency, subtotal, total,
      amount_due, amount_paid, amount_remaining, attempt_count, due_date, period_start, period_end, paid_at, stripe_created_at, lines)
    select 'in_bench_' || n, i.owner_id, 'sub_bench_' || i.rn, i.id, 'BENCH-' || n, st.status, 'usd', 1500, 1500,
      1500, case when st.status = 'paid' then 1500 else 0 end, case when st.status in ('open', 'uncollectible', 'draft') then 1500 else 0 end,
      case when st.status = 'open' and n % 100 = 0 then 1 + n % 3 else 0 end,
      case when st.status = 'open' then now() + ((n % 20 - 10) || ' days')::interval end,
      c.at - interval '30 days', c.at, case when st.status = 'paid' then c.at + interval '1 hour' end, c.at,
      jsonb_build_array(jsonb_build_object('description', '1 × Standard', 'amount', 1500, 'quantity', 1, 'periodStart', null, 'periodEnd', null, 'proration', false))
    from generate_series(1, ${o.invoices}) n
    join bench_instances i on i.rn = 1 + (n - 1) % ${count}
    cross join lateral (select now() - ((((n - 1) / ${count}) * 30) || ' days')::interval - ((n % 86400) || ' seconds')::interval as at) c
    cross join lateral (select case when n % 100 = 0 or n % 250 = 7 then 'open' when n % 400 = 3 then 'uncollectible'
      when n % 100 = 1 then 'void' when n % 500 = 2 then 'draft' else 'paid' end as status) st`;
  await sql`
    with u as (select id, row_number() over (order by created_at desc) rn from users where role = 'customer'),
         staff as (select array_agg(id) ids from users where role = 'staff')
    insert into tickets (customer_id, subject, category, status, assignee_id, last_message_at, closed_at, created_at)
    select u.id, 'Bench ticket ' || n, (array['technical','billing','account','other'])[1 + n % 4]::ticket_category,
      (array['open','waiting_on_customer','closed','closed','closed'])[1 + n % 5]::ticket_status,
      case when n % 2 = 0 then staff.ids[1 + n % array_length(staff.ids, 1)] end,
      now() - (n || ' minutes')::interval, case when n % 5 >= 2 then now() - (n || ' minutes')::interval end, now() - (n || ' minutes')::interval - interval '1 day'
    from generate_series(1, ${o.tickets}) n join u on u.rn = 1 + (n * 7) % 90000 cross join staff`;
  await sql`
    insert into ticket_messages (ticket_id, author_id, from_staff, body, created_at)
    select t.id, case when m.k = 2 then t.assignee_id else t.customer_id end, m.k = 2, 'Message ' || m.k || ' about ' || t.subject, t.created_at + (m.k || ' hours')::interval
    from tickets t cross join generate_series(1, 3) m(k)`;
  await sql`drop table bench_instances`;
}

// The customer whose pages are measured: five instances (the account limit), a subscription each, a year of invoices.
export async function seedDashboardCustomer(sql: Sql) {
  const [user] = await sql<{ id: string; email: string }[]>`insert into users (email, name, role, email_verified)
    values ('dashboard@example.test', 'Dashboard Customer', 'customer', now()) returning id, email`;
  await sql`
    with p as (select id from plans order by sort_order limit 1), s as (select id from stacks where slug = 'demo')
    insert into instances (owner_id, name, slug, plan_id, stack_id, status, is_trial, created_at)
    select ${user!.id}, 'shop-' || n, 'dash-' || n, p.id, s.id, 'running', false, now() - (n || ' days')::interval
    from generate_series(1, 5) n cross join p cross join s`;
  await sql`
    insert into subscriptions (stripe_subscription_id, user_id, instance_id, stripe_price_id, status, current_period_start, current_period_end)
    select 'sub_dash_' || slug, owner_id, id, 'price_bench', 'active', now() - interval '10 days', now() + interval '20 days'
    from instances where owner_id = ${user!.id}`;
  await sql`
    insert into invoices (stripe_invoice_id, user_id, stripe_subscription_id, instance_id, number, status, currency, subtotal, total,
      amount_due, amount_paid, amount_remaining, period_start, period_end, paid_at, stripe_created_at)
    select 'in_dash_' || i.slug || '_' || m, i.owner_id, 'sub_dash_' || i.slug, i.id, 'DASH-' || i.slug || '-' || m, 'paid', 'usd', 1500, 1500, 1500, 1500, 0,
      now() - ((m + 1) * 30 || ' days')::interval, now() - (m * 30 || ' days')::interval, now() - (m * 30 || ' days')::interval, now() - (m * 30 || ' days')::interval
    from instances i cross join generate_series(0, 11) m where i.owner_id = ${user!.id}`;
  return user!;
}
