-- The media library (issue 13). Runs unchanged on H2 (PostgreSQL mode) and PostgreSQL.

-- One file of one agency. The same bytes uploaded twice in an agency are one row (agency, sha256).
create table media (
    id            varchar(32)  not null primary key,
    agency        varchar(64)  not null,
    sha256        char(64)     not null,
    content_type  varchar(100) not null,
    kind          varchar(16)  not null,
    size          bigint       not null,
    original_name varchar(255) not null,
    width         integer,
    height        integer,
    created_by    varchar(64)  not null,
    created_at    timestamp with time zone not null,
    constraint media_agency_sha256 unique (agency, sha256)
);

-- The bytes when tongfa.media.store is "database": 1 MiB per row, written and read one row at a time so that
-- neither an upload nor a download holds a whole file in memory.
create table media_chunk (
    media_id varchar(32) not null,
    seq      integer     not null,
    data     bytea       not null,
    primary key (media_id, seq)
);

-- Which media an item's current version uses: its cover, its attachments in order (with the name readers see)
-- and the images of its body. Written in the item's transaction; a file is public while a published item uses it.
create table item_media (
    item_id      varchar(32)  not null,
    role         varchar(16)  not null,
    position     integer      not null,
    media_id     varchar(32)  not null,
    display_name varchar(255),
    primary key (item_id, role, position)
);

create index item_media_media on item_media (media_id);

-- The key that signs expiring media addresses, shared by every hub process (unless tongfa.media.signing-key
-- is set): the first process to start generates it.
create table media_signing_key (
    id         integer     not null primary key,
    secret     varchar(64) not null,
    created_at timestamp with time zone not null
);
