//! The SQLite and PostgreSQL migrations are two copies of one schema; this reads both
//! migrated schemas and fails on any table, column, type family, nullability or constraint
//! name that differs, and checks the list of unique constraints the error mapping uses.

use std::collections::{BTreeMap, BTreeSet};

use crate::harness::*;

/// A column as both databases can describe it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Column {
    /// `integer`, `text`, `bytes` or `real`.
    family: String,
    not_null: bool,
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Schema {
    /// table -> column -> shape
    tables: BTreeMap<String, BTreeMap<String, Column>>,
    /// Named unique and check constraints, and named indexes.
    names: BTreeSet<String>,
}

fn family(declared: &str) -> String {
    let t = declared.to_ascii_lowercase();
    let family = if t.contains("int") {
        "integer"
    } else if t.contains("char") || t.contains("text") {
        "text"
    } else if t.contains("blob") || t.contains("bytea") {
        "bytes"
    } else if t.contains("real") || t.contains("double") || t.contains("float") {
        "real"
    } else {
        panic!("a column type neither backend should have: {declared}")
    };
    family.to_string()
}

#[derive(sqlx::FromRow)]
struct NameRow {
    name: String,
}

#[derive(sqlx::FromRow)]
struct SqliteTableRow {
    name: String,
    sql: String,
}

#[derive(sqlx::FromRow)]
struct SqliteColumnRow {
    name: String,
    #[sqlx(rename = "type")]
    declared: String,
    notnull: i64,
    pk: i64,
}

async fn sqlite_schema(app: &TestApp) -> Schema {
    let pool = &app.app_state.db.pool;
    let mut schema = Schema::default();
    let tables: Vec<SqliteTableRow> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%' ORDER BY name",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for table in tables {
        let columns: Vec<SqliteColumnRow> =
            sqlx::query_as("SELECT name, type, \"notnull\", pk FROM pragma_table_info($1)")
                .bind(&table.name)
                .fetch_all(pool)
                .await
                .unwrap();
        let columns = columns
            .into_iter()
            .map(|c| {
                let shape = Column {
                    family: family(&c.declared),
                    // A primary key column is never null, whatever the declaration says.
                    not_null: c.notnull != 0 || c.pk != 0,
                };
                (c.name, shape)
            })
            .collect();
        schema.tables.insert(table.name.clone(), columns);
        // SQLite keeps constraint names only in the CREATE statement.
        let mut rest = table.sql.as_str();
        while let Some(at) = rest.find("CONSTRAINT ") {
            rest = &rest[at + "CONSTRAINT ".len()..];
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            schema.names.insert(name);
        }
    }
    let indexes: Vec<NameRow> =
        sqlx::query_as("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
            .fetch_all(pool)
            .await
            .unwrap();
    schema.names.extend(indexes.into_iter().map(|i| i.name));
    schema
}

#[derive(sqlx::FromRow)]
struct PgColumnRow {
    table_name: String,
    column_name: String,
    data_type: String,
    is_nullable: String,
}

async fn postgres_schema(app: &TestApp) -> Schema {
    let pool = &app.app_state.db.pool;
    let mut schema = Schema::default();
    let columns: Vec<PgColumnRow> = sqlx::query_as(
        "SELECT table_name::text AS table_name, column_name::text AS column_name, \
                data_type::text AS data_type, is_nullable::text AS is_nullable \
         FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%' ORDER BY table_name, column_name",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for c in columns {
        schema.tables.entry(c.table_name).or_default().insert(
            c.column_name,
            Column {
                family: family(&c.data_type),
                not_null: c.is_nullable == "NO",
            },
        );
    }
    // Unique and check constraints (primary and foreign keys are named by PostgreSQL itself),
    // and the indexes that back no constraint, except the trigram indexes of the searches,
    // which only PostgreSQL has (`*_trgm_idx`, migration 20261207000007: SQLite reads the
    // table).
    let names: Vec<NameRow> = sqlx::query_as(
        "SELECT c.conname::text AS name FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace \
         WHERE n.nspname = 'public' AND c.contype IN ('u', 'c') \
         UNION \
         SELECT i.indexname::text AS name FROM pg_indexes i \
         WHERE i.schemaname = 'public' AND i.tablename NOT LIKE '_sqlx%' \
           AND i.indexname NOT LIKE '%\\_trgm\\_idx' \
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    schema.names.extend(names.into_iter().map(|n| n.name));
    schema
}

#[derive(sqlx::FromRow)]
struct UniqueRow {
    name: String,
    table_name: String,
    columns: String,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_backends_migrate_to_the_same_schema() {
    let sqlite = TestApp::spawn(Backend::Sqlite).await;
    let postgres = TestApp::spawn(Backend::Postgres).await;
    let (lite, pg) = (sqlite_schema(&sqlite).await, postgres_schema(&postgres).await);

    let lite_tables: BTreeSet<&String> = lite.tables.keys().collect();
    let pg_tables: BTreeSet<&String> = pg.tables.keys().collect();
    assert_eq!(lite_tables, pg_tables, "the same tables");
    assert!(lite_tables.len() > 20, "the whole schema was read: {lite_tables:?}");
    for (table, columns) in &lite.tables {
        assert_eq!(
            columns, &pg.tables[table],
            "table {table}: SQLite (left) and PostgreSQL (right)"
        );
    }
    assert_eq!(
        lite.names, pg.names,
        "constraint and index names: SQLite (left), PostgreSQL (right)"
    );

    // The unique constraints the error mapping knows (SQLite reports only their columns)
    // are exactly the named ones in the schema, with the same columns.
    let unique: Vec<UniqueRow> = sqlx::query_as(
        "SELECT c.conname::text AS name, t.relname::text AS table_name, \
                string_agg(a.attname::text, ',' ORDER BY k.ord) AS columns \
         FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid \
         JOIN pg_namespace n ON n.oid = c.connamespace \
         CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord) \
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum \
         WHERE n.nspname = 'public' AND c.contype = 'u' GROUP BY c.conname, t.relname \
         UNION ALL \
         SELECT i.relname::text AS name, t.relname::text AS table_name, \
                string_agg(a.attname::text, ',' ORDER BY k.ord) AS columns \
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord) \
         JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum \
         WHERE n.nspname = 'public' AND x.indisunique AND NOT x.indisprimary \
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) \
         GROUP BY i.relname, t.relname",
    )
    .fetch_all(&postgres.app_state.db.pool)
    .await
    .unwrap();
    let in_schema: BTreeSet<(String, String, String)> =
        unique.into_iter().map(|u| (u.name, u.table_name, u.columns)).collect();
    let known: BTreeSet<(String, String, String)> = app::error::constraints::UNIQUE
        .iter()
        .map(|(name, table, columns)| (name.to_string(), table.to_string(), columns.join(",")))
        .collect();
    assert_eq!(known, in_schema, "error/constraints.rs (left) and the schema (right)");
}
