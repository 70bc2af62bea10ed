-- Column types, printed as format_type() prints them.
CREATE TYPE mood AS ENUM ('ok', 'not ok');
CREATE SCHEMA billing;
CREATE DOMAIN billing.money_t AS numeric(12,2);
CREATE TYPE "MyType" AS (a int);
CREATE DOMAIN billing."Amount" AS int;
CREATE TABLE t (
  a int, b integer, c int4, d bigint, e int8, f smallint, g int2,
  h serial, i bigserial, j smallserial, k serial4,
  l real, m float4, n double precision, o float8, p float, q float(10), r float(30),
  s boolean, u bool,
  v varchar, w varchar(20), x character varying(30), y char, z char(3), aa character(4), ab bpchar,
  ac text, ad uuid, ae jsonb, af json, ag bytea, ah date,
  ai timestamp, aj timestamp(3), ak timestamptz, al timestamp with time zone, am timestamp(0) with time zone, an timestamp without time zone,
  ao time, ap time(2), aq timetz, ar time with time zone, as_ time(6) with time zone,
  at interval, au interval(3), av interval day to second, aw interval day to second(2), ax interval year, ay interval hour to minute, az interval year to month,
  ba numeric, bb numeric(10), bc numeric(10,2), bd decimal(5,1), be dec,
  bf bit, bg bit(8), bh bit varying, bi bit varying(16), bj varbit(4),
  bk int[], bl text[][], bm varchar(10)[], bn integer array, bo int array[3],
  bp "char", bq pg_catalog.int4, br public.mood, bs billing.money_t, bt mood, bu "MyType", bv billing."Amount"[],
  bw inet, bx cidr, by tsvector, bz int4range, ca money, cb xml, cc oid, cd pg_catalog.text
);
-- A user type named without its schema is printed with it, unless it is
-- public: format_type() qualifies what the default search_path does not see.
SET search_path = billing, public;
CREATE TYPE billing.level AS ENUM ('low', 'high');
CREATE TABLE billing.accounts (balance money_t, m mood, l level[], a "Amount", t text);
CREATE TYPE public.tier AS ENUM ('free');
CREATE TYPE billing.tier AS ENUM ('paid');
DROP TYPE tier; -- billing's, the first on the search_path
CREATE TABLE billing.tiers (t tier);
