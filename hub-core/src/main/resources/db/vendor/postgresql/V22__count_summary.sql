-- Pre-aggregated counts (issue 8): the yearly counts of an agency with millions of ledger rows must not group the
-- whole ledger on every request. PostgreSQL only: on H2 (the embedded default, small ledgers) CountsService counts
-- from the raw ledger, and the exactness test compares both ways on PostgreSQL.
--
-- The rule of the counts (CountsService): a channel counts an item in the day of its first delivered_at on that
-- channel (any version); an item, its category, document type and 成文日期 count in the day of its first delivery
-- on any channel, with the item's current attributes. The tables below hold exactly that, maintained by triggers
-- in the transaction that writes the ledger or edits the item, so every writer (ledger consumer, batched or not,
-- tests, manual SQL) keeps them exact:
--   delivery_first  first delivered_at per item x channel x agency (null once no delivered row is left)
--   item_first      first delivery per item x agency, with the attributes it is counted under
--   count_delta     +1/-1 per change, append-only: concurrent ledger transactions never wait on a shared row
--   count_daily     the deltas folded per agency x day x measure x dim by count_summary_compact()
-- Counts read count_daily plus count_delta in one statement, so a compaction running at the same time changes
-- nothing they see. Days are calendar days in count_zone (the hub's tongfa.zone; the hub rebuilds on a change).

create table count_zone (
    zone varchar(64) not null
);
insert into count_zone (zone) values ('Asia/Shanghai');

create table delivery_first (
    item_id  varchar(32) not null,
    channel  varchar(20) not null,
    agency   varchar(64) not null,
    first_at timestamp with time zone,
    primary key (item_id, channel, agency)
);

create table item_first (
    item_id    varchar(32)  not null,
    agency     varchar(64)  not null,
    first_at   timestamp with time zone,
    category   varchar(100),
    doc_type   varchar(100),
    written_on date,
    primary key (item_id, agency)
);

-- The items over the timeliness limit are found by 成文日期 and first delivery (written_on leads, so that the
-- planner never prefers this index to the primary key for one item's row).
create index item_first_written on item_first (written_on, agency, first_at);

-- measure: channel (dim = channel), items (dim ''), category, docType, writtenOn (dim = the value, '' for none).
create table count_daily (
    agency  varchar(64)  not null,
    day     date         not null,
    measure varchar(20)  not null,
    dim     varchar(100) not null,
    n       bigint       not null,
    primary key (agency, day, measure, dim)
);

create table count_delta (
    agency  varchar(64)  not null,
    day     date         not null,
    measure varchar(20)  not null,
    dim     varchar(100) not null,
    n       integer      not null
);

create index count_delta_agency_day on count_delta (agency, day);

-- +sign for an item counted on a day with these attributes (-sign to take it back).
create function count_item_delta(p_agency varchar, p_day date, p_category varchar, p_doc_type varchar,
        p_written_on date, p_sign integer) returns void language sql as $$
    insert into count_delta (agency, day, measure, dim, n) values
        (p_agency, p_day, 'items', '', p_sign),
        (p_agency, p_day, 'category', coalesce(p_category, ''), p_sign),
        (p_agency, p_day, 'docType', coalesce(p_doc_type, ''), p_sign),
        (p_agency, p_day, 'writtenOn', coalesce(to_char(p_written_on, 'YYYY-MM-DD'), ''), p_sign);
$$;

-- The first delivery of item x channel x agency moved from p_old to p_new (either may be null): moves the channel's
-- count and, if the item's first delivery changes with it, the item's counts.
create function count_first_moved(p_item varchar, p_channel varchar, p_agency varchar, p_zone varchar,
        p_old timestamp with time zone, p_new timestamp with time zone) returns void language plpgsql as $$
declare
    v_row  item_first%rowtype;
    v_true timestamp with time zone;
begin
    if p_old is not null then
        insert into count_delta (agency, day, measure, dim, n)
            values (p_agency, (p_old at time zone p_zone)::date, 'channel', p_channel, -1);
    end if;
    if p_new is not null then
        insert into count_delta (agency, day, measure, dim, n)
            values (p_agency, (p_new at time zone p_zone)::date, 'channel', p_channel, 1);
        -- Fast path, the item's first delivery: create its row with the attributes it is counted under (or wait
        -- for an edit of the item that is creating it, and take the other path).
        insert into item_first (item_id, agency, first_at, category, doc_type, written_on)
            select id, p_agency, p_new, category, doc_type, written_on from item where id = p_item
            on conflict do nothing
            returning category, doc_type, written_on into v_row.category, v_row.doc_type, v_row.written_on;
        if found then
            perform count_item_delta(p_agency, (p_new at time zone p_zone)::date, v_row.category, v_row.doc_type,
                v_row.written_on, 1);
            return;
        end if;
        -- Fast path, a later channel: a first delivery that only moves earlier cannot change the item's first
        -- unless it is earlier than it (the minimum of the channels' firsts).
        select * into v_row from item_first where item_id = p_item and agency = p_agency;
        if not found then
            return; -- no such item: the raw counts join the item, so they do not count it either
        end if;
        if v_row.first_at is not null and v_row.first_at <= p_new and (p_old is null or p_old > p_new) then
            return;
        end if;
    end if;
    select * into v_row from item_first where item_id = p_item and agency = p_agency for update;
    if not found then
        return;
    end if;
    select min(first_at) into v_true from delivery_first where item_id = p_item and agency = p_agency;
    if v_row.first_at is not distinct from v_true then
        return;
    end if;
    update item_first set first_at = v_true where item_id = p_item and agency = p_agency;
    if v_row.first_at is not null then
        perform count_item_delta(p_agency, (v_row.first_at at time zone p_zone)::date, v_row.category,
            v_row.doc_type, v_row.written_on, -1);
    end if;
    if v_true is not null then
        perform count_item_delta(p_agency, (v_true at time zone p_zone)::date, v_row.category, v_row.doc_type,
            v_row.written_on, 1);
    end if;
end $$;

-- Recomputes the first delivery of item x channel x agency from the ledger and moves its counts if it changed.
create function count_refresh_first(p_item varchar, p_channel varchar, p_agency varchar) returns void
language plpgsql as $$
declare
    v_zone   varchar;
    v_stored timestamp with time zone;
    v_true   timestamp with time zone;
begin
    select zone into v_zone from count_zone;
    insert into delivery_first (item_id, channel, agency, first_at) values (p_item, p_channel, p_agency, null)
        on conflict do nothing;
    select first_at into v_stored from delivery_first
        where item_id = p_item and channel = p_channel and agency = p_agency for update;
    select min(delivered_at) into v_true from delivery
        where item_id = p_item and channel = p_channel and agency = p_agency;
    if v_stored is not distinct from v_true then
        return;
    end if;
    update delivery_first set first_at = v_true where item_id = p_item and channel = p_channel and agency = p_agency;
    perform count_first_moved(p_item, p_channel, p_agency, v_zone, v_stored, v_true);
end $$;

create function count_delivery_changed() returns trigger language plpgsql as $$
declare
    v_zone   varchar;
    v_stored timestamp with time zone;
begin
    -- Fast paths for a row getting its delivery time (the only change the ledger makes): every delivered row has
    -- its delivery_first row (these triggers and count_summary_rebuild keep it so), and a first that only moves
    -- earlier is the minimum of what it was and the new time.
    if tg_op = 'INSERT' or (tg_op = 'UPDATE' and old.delivered_at is null and old.item_id = new.item_id
            and old.channel = new.channel and old.agency = new.agency) then
        insert into delivery_first (item_id, channel, agency, first_at)
            values (new.item_id, new.channel, new.agency, new.delivered_at)
            on conflict do nothing;
        if found then
            select zone into v_zone from count_zone;
            perform count_first_moved(new.item_id, new.channel, new.agency, v_zone, null, new.delivered_at);
            return null;
        end if;
        select first_at into v_stored from delivery_first
            where item_id = new.item_id and channel = new.channel and agency = new.agency;
        if v_stored <= new.delivered_at then
            return null; -- a later version, or a repeated report: the first delivery stays
        end if;
        select first_at into v_stored from delivery_first
            where item_id = new.item_id and channel = new.channel and agency = new.agency for update;
        if v_stored is null or v_stored > new.delivered_at then
            update delivery_first set first_at = new.delivered_at
                where item_id = new.item_id and channel = new.channel and agency = new.agency;
            select zone into v_zone from count_zone;
            perform count_first_moved(new.item_id, new.channel, new.agency, v_zone, v_stored, new.delivered_at);
        end if;
        return null;
    end if;
    if tg_op <> 'INSERT' then
        perform count_refresh_first(old.item_id, old.channel, old.agency);
    end if;
    if tg_op <> 'DELETE' and (tg_op = 'INSERT' or old.item_id <> new.item_id or old.channel <> new.channel
            or old.agency <> new.agency) then
        perform count_refresh_first(new.item_id, new.channel, new.agency);
    end if;
    return null;
end $$;

-- Only rows that carry (or carried) a delivery time matter; the ledger never unsets one, so this is the first
-- delivery of a row in practice. The transition rules of the ledger keep delivered_at once set.
create trigger count_delivery_inserted after insert on delivery
    for each row when (new.delivered_at is not null) execute function count_delivery_changed();
create trigger count_delivery_updated after update of delivered_at, item_id, channel, agency on delivery
    for each row when (old.delivered_at is distinct from new.delivered_at or old.item_id <> new.item_id
        or old.channel <> new.channel or old.agency <> new.agency)
    execute function count_delivery_changed();
create trigger count_delivery_deleted after delete on delivery
    for each row when (old.delivered_at is not null) execute function count_delivery_changed();

-- An edit of a delivered item's category, document type or 成文日期 moves its count to the new attributes.
create function count_item_changed() returns trigger language plpgsql as $$
declare
    v_zone varchar;
    v_row  item_first%rowtype;
begin
    select zone into v_zone from count_zone;
    -- Creating the row (or waiting for the ledger transaction that creates it) orders this edit with the
    -- first delivery: whichever commits second sees the other's row.
    insert into item_first (item_id, agency, first_at, category, doc_type, written_on)
        values (new.id, new.agency, null, new.category, new.doc_type, new.written_on)
        on conflict do nothing;
    for v_row in select * from item_first where item_id = new.id for update loop
        if v_row.first_at is not null then
            perform count_item_delta(v_row.agency, (v_row.first_at at time zone v_zone)::date, v_row.category,
                v_row.doc_type, v_row.written_on, -1);
            perform count_item_delta(v_row.agency, (v_row.first_at at time zone v_zone)::date, new.category,
                new.doc_type, new.written_on, 1);
        end if;
        update item_first set category = new.category, doc_type = new.doc_type, written_on = new.written_on
            where item_id = v_row.item_id and agency = v_row.agency;
    end loop;
    return null;
end $$;

create trigger count_item_updated after update of category, doc_type, written_on on item
    for each row when (old.category is distinct from new.category or old.doc_type is distinct from new.doc_type
        or old.written_on is distinct from new.written_on)
    execute function count_item_changed();

-- Folds the deltas into count_daily. Safe to run at any time and concurrently: a delta is deleted and added in
-- one statement, and a delta not yet committed is invisible to it and stays for the next run.
create function count_summary_compact() returns bigint language sql as $$
    with moved as (
        delete from count_delta returning agency, day, measure, dim, n
    ), folded as (
        insert into count_daily as c (agency, day, measure, dim, n)
            select agency, day, measure, dim, sum(n) from moved group by agency, day, measure, dim
        on conflict (agency, day, measure, dim) do update set n = c.n + excluded.n
        returning 1
    )
    select count(*) from folded;
$$;

-- Recomputes everything from the ledger and the items, in the given zone. Ledger writes and item edits wait
-- until it commits.
create function count_summary_rebuild(p_zone varchar) returns void language plpgsql as $$
begin
    lock table delivery, item in share mode;
    update count_zone set zone = p_zone;
    truncate delivery_first, item_first, count_delta, count_daily;
    insert into delivery_first (item_id, channel, agency, first_at)
        select item_id, channel, agency, min(delivered_at) from delivery
        where delivered_at is not null
        group by item_id, channel, agency;
    insert into item_first (item_id, agency, first_at, category, doc_type, written_on)
        select i.id, f.agency, f.first_at, i.category, i.doc_type, i.written_on
        from (select item_id, agency, min(first_at) as first_at from delivery_first group by item_id, agency) f
        join item i on i.id = f.item_id;
    insert into count_daily (agency, day, measure, dim, n)
        select agency, (first_at at time zone p_zone)::date, 'channel', channel, count(*)
        from delivery_first group by 1, 2, 4;
    insert into count_daily (agency, day, measure, dim, n)
        select agency, day, measure, dim, count(*) from (
            select agency, (first_at at time zone p_zone)::date as day, category, doc_type, written_on
            from item_first where first_at is not null
        ) f cross join lateral (values
            ('items', ''),
            ('category', coalesce(f.category, '')),
            ('docType', coalesce(f.doc_type, '')),
            ('writtenOn', coalesce(to_char(f.written_on, 'YYYY-MM-DD'), ''))
        ) m(measure, dim)
        group by agency, day, measure, dim;
end $$;
