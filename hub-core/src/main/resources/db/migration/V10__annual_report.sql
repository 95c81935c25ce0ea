-- The annual disclosure report (issue 6). Runs unchanged on H2 (PostgreSQL mode) and PostgreSQL.

-- 废止: a 规章 or 行政规范性文件 stops being in force (现行有效) on repealed_on; the item stays published and counted.
create table item_validity (
    item_id     varchar(32)  not null primary key,
    agency      varchar(64)  not null,
    repealed_on date         not null,
    note        varchar(500),
    recorded_by varchar(64)  not null,
    recorded_at timestamp with time zone not null
);

create index item_validity_agency on item_validity (agency, repealed_on);

-- Counts of the years before the hub (CSV import), added to the ledger's. cumulative is the 累计数 at the end of
-- report_year as the agency's report of that year stated it; it anchors the cumulative counts of later years.
create table report_history (
    agency      varchar(64)  not null,
    report_year integer      not null,
    measure     varchar(20)  not null,
    dim         varchar(100) not null,
    year_count  bigint,
    cumulative  bigint,
    imported_by varchar(64)  not null,
    imported_at timestamp with time zone not null,
    primary key (agency, report_year, measure, dim)
);

-- What the hub cannot know (tables 三 and 四, the 行政许可/处罚/强制/收费 numbers, the prose), as JSON.
create table report_figures (
    agency      varchar(64) not null,
    report_year integer     not null,
    figures     text        not null,
    updated_by  varchar(64) not null,
    updated_at  timestamp with time zone not null,
    primary key (agency, report_year)
);

-- The agency's sentences with placeholders; report_year 0 holds the agency's default for every year.
create table report_template (
    agency      varchar(64)   not null,
    report_year integer       not null,
    name        varchar(40)   not null,
    body        varchar(4000) not null,
    updated_by  varchar(64)   not null,
    updated_at  timestamp with time zone not null,
    primary key (agency, report_year, name)
);

-- The items the reports were published as (a rejected or withdrawn one may be followed by another).
create table report_publication (
    agency      varchar(64) not null,
    report_year integer     not null,
    item_id     varchar(32) not null,
    created_by  varchar(64) not null,
    created_at  timestamp with time zone not null,
    primary key (agency, report_year, item_id)
);
