-- A synthetic but realistic year of one agency for PostgreSQL: items and their ledger rows, generated in the
-- server (generate_series), for the exactness test (small) and the report benchmark (10 million ledger rows).
-- Parameters, replaced as text before running: {{agency}}, {{org}} (organisation code of its 索引号), {{prefix}}
-- (item id prefix, at most 14 characters), {{year}}, {{items}} (number of items), {{seed}} (0..1, repeatable).
--
-- The mix, per item: published over the whole year in office hours (Beijing time), some late on 31 December so
-- that deliveries cross into the next year; portal 97%, disclosure column 55%, WeChat 80%, Weibo 50%; 22% updated
-- once and 6% twice more (later versions, delivered again, which must not count again); 3% withdrawn; about 3% of
-- deliveries failed or unconfirmed (no delivery time), some of them delivered by a later version; 8 categories and
-- 5% without; document types 政策解读, 行政规范性文件, 规章, 通知 or none; 成文日期 mostly a few working days
-- before publication, some weeks before (over the 20-working-day limit), 10% without. On average 3.8 ledger rows
-- per item.

select setseed({{seed}});

drop table if exists gen_item;
create temporary table gen_item as
select n,
       '{{prefix}}' || lpad(n::text, 12, '0') as id,
       published_at,
       (array['机构职能', '政策法规', '规划计划', '业务工作', '业务工作', '业务工作', '人事信息', '财政信息',
              '政策解读', '其他'])[1 + floor(r_category * 10)::int] as category,
       case when r_doc < 0.09 then '政策解读' when r_doc < 0.10 then '行政规范性文件' when r_doc < 0.102 then '规章'
            when r_doc < 0.30 then '通知' end as doc_type,
       case when r_written < 0.10 then null
            when r_written < 0.93 then ((published_at at time zone 'Asia/Shanghai')::date - floor(r_lag * 12)::int)
            else ((published_at at time zone 'Asia/Shanghai')::date - 20 - floor(r_lag * 40)::int) end as written_on,
       r_portal < 0.97 as portal, r_disclosure < 0.55 as disclosure, r_wechat < 0.80 as wechat,
       r_weibo < 0.50 as weibo,
       case when r_versions < 0.06 then 3 when r_versions < 0.28 then 2 else 1 end as versions,
       r_withdrawn < 0.03 as withdrawn,
       r_blank < 0.05 as uncategorised
from (
    select n,
           case when random() < 0.002
                -- late on 31 December: deliveries may fall into the next year
                then make_timestamptz({{year}}, 12, 31, 23, 50 + floor(random() * 10)::int, random() * 59,
                        'Asia/Shanghai')
                else make_timestamptz({{year}}, 1, 1, 8, 0, 0, 'Asia/Shanghai')
                     + floor(random() * (make_date({{year}} + 1, 1, 1) - make_date({{year}}, 1, 1))) * interval '1 day'
                     + random() * interval '12 hours'
           end as published_at,
           random() as r_category, random() as r_doc, random() as r_written, random() as r_lag,
           random() as r_portal, random() as r_disclosure, random() as r_wechat, random() as r_weibo,
           random() as r_versions, random() as r_withdrawn, random() as r_blank
    from generate_series(1, {{items}}) as n
) r;

insert into item (id, agency, title, summary, body_html, category, doc_type, doc_number, written_on, channels,
                  status, version, index_no, published_at, created_by, created_at, updated_at)
select id, '{{agency}}', '关于做好第' || n || '项工作的通知', null, '<p>正文</p>',
       case when uncategorised then null else category end, doc_type,
       case when doc_type is not null then '〔{{year}}〕' || n || '号' end, written_on,
       concat_ws(',', case when portal then 'portal' end, case when disclosure then 'disclosure' end,
                 case when wechat then 'wechat' end, case when weibo then 'weibo' end),
       case when withdrawn then 'WITHDRAWN' else 'PUBLISHED' end, versions,
       '{{org}}/{{year}}-' || lpad(n::text, 8, '0'), published_at, 'bianji', published_at - interval '2 hours',
       published_at + (versions - 1) * interval '9 days'
from gen_item;

-- One row per item x channel x version. Version v is sent (v - 1) * 9 days (and a few hours) after publication.
insert into delivery (item_id, channel, version, agency, action, status, attempts, ref, url, error, requested_at,
                      delivered_at, updated_at)
select id, channel, v, '{{agency}}', case when v = 1 then 'PUBLISH' else 'UPDATE' end,
       case when failed then (case when r_fail < 0.25 then 'UNCONFIRMED' else 'FAILED' end)
            when withdrawn and v = versions then 'WITHDRAWN' else 'DELIVERED' end,
       case when failed then 5 else 1 end,
       case when failed then null else channel || '-' || id || '-' || v end, null,
       case when failed then '渠道返回错误' end,
       sent_at,
       case when failed then null else sent_at + delay end,
       sent_at + delay
from (
    select g.id, g.versions, g.withdrawn, c.channel, v,
           g.published_at + (v - 1) * (interval '9 days' + random() * interval '6 hours') as sent_at,
           case c.channel
               when 'portal' then random() * interval '5 seconds'
               when 'disclosure' then interval '2 seconds' + random() * interval '1 minute'
               when 'wechat' then interval '10 seconds' + random() * random() * interval '3 hours'
               else interval '5 seconds' + random() * interval '5 minutes'
           end as delay,
           random() < 0.03 as failed,
           random() as r_fail
    from gen_item g
    cross join lateral (values ('portal', g.portal), ('disclosure', g.disclosure), ('wechat', g.wechat),
                                ('weibo', g.weibo)) as c(channel, wanted)
    cross join lateral generate_series(1, g.versions) as v
    where c.wanted
) d;

drop table gen_item;
