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
