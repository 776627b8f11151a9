//! Staff accounts as admins manage them: create with a one-time password, edit role, skill
//! groups, capacity and claim authority, deactivate (every session ends on its next
//! request, in every process, because the guard reads `active`), reset the password. Each
//! change is audited in its own transaction with what was before and after.

use rand::Rng;

use crate::backend::platform::audit;
use crate::backend::platform::auth::password;
use crate::backend::platform::auth::session::{self, PrincipalKind};
use crate::backend::{now_ms, platform::paging, stored, Db, Tx};
use crate::domain::{check_staff, CheckedStaff, Invalid, Money, PageCursor, Role};
use crate::error::{internal_error, AppError};
use crate::model::admin::{IssuedPassword, SkillGroupChoice, StaffAccount, StaffDirectory, StaffForm};
use crate::model::paging::ADMIN_PAGE_SIZE;

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: i64,
    username: String,
    display_name: String,
    role: String,
    active: i64,
    capacity: i64,
    claim_limit_fen: Option<i64>,
    must_change_password: i64,
    created_at: i64,
}

#[derive(sqlx::FromRow)]
struct MembershipRow {
    staff_id: i64,
    code: String,
}

const ACCOUNT_SELECT: &str = "SELECT id, username, display_name, role, active, capacity, claim_limit_fen, \
     must_change_password, created_at FROM staff";

fn account(row: AccountRow, memberships: &[MembershipRow]) -> Result<StaffAccount, AppError> {
    Ok(StaffAccount {
        id: row.id,
        username: row.username,
        display_name: row.display_name,
        role: stored(Role::parse(&row.role), "staff role")?,
        active: row.active != 0,
        skill_groups: memberships
            .iter()
            .filter(|m| m.staff_id == row.id)
            .map(|m| m.code.clone())
            .collect(),
        capacity: row.capacity,
        claim_limit: row.claim_limit_fen.map(Money::from_fen),
        must_change_password: row.must_change_password != 0,
        created_at: row.created_at,
    })
}

async fn memberships(conn: &mut sqlx::AnyConnection, staff_id: Option<i64>) -> Result<Vec<MembershipRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT sg.staff_id, g.code FROM staff_skill_groups sg JOIN skill_groups g ON g.id = sg.skill_group_id \
         WHERE $1 IS NULL OR sg.staff_id = $1 ORDER BY g.code",
    )
    .bind(staff_id)
    .fetch_all(conn)
    .await?)
}

/// A page of the accounts, active first and then the newest (those before `before` when
/// given; an account's cursor is its `active` flag and id), and the skill groups to choose
/// from.
pub async fn directory(db: &Db, before: Option<PageCursor>) -> Result<StaffDirectory, AppError> {
    let mut conn = db.pool.acquire().await?;
    let (active, id) = paging::before(before);
    let rows: Vec<AccountRow> = sqlx::query_as(&format!(
        "{ACCOUNT_SELECT} WHERE (active, id) < ($1, $2) ORDER BY active DESC, id DESC LIMIT $3"
    ))
    .bind(active)
    .bind(id)
    .bind(paging::limit(ADMIN_PAGE_SIZE))
    .fetch_all(&mut *conn)
    .await?;
    let ids: Vec<i64> = rows.iter().take(ADMIN_PAGE_SIZE).map(|row| row.id).collect();
    let memberships = memberships_of(&mut conn, &ids).await?;
    #[derive(sqlx::FromRow)]
    struct GroupRow {
        code: String,
        name_zh: String,
        name_en: String,
    }
    let groups: Vec<GroupRow> = sqlx::query_as("SELECT code, name_zh, name_en FROM skill_groups ORDER BY code")
        .fetch_all(&mut *conn)
        .await?;
    let skill_groups = groups
        .into_iter()
        .map(|g| SkillGroupChoice {
            code: g.code,
            name_zh: g.name_zh,
            name_en: g.name_en,
        })
        .collect();
    let page = paging::page(
        rows,
        ADMIN_PAGE_SIZE,
        |row| PageCursor {
            at: row.active,
            id: row.id,
        },
        |row| account(row, &memberships),
    )?;
    Ok(StaffDirectory {
        accounts: page.items,
        next: page.next,
        skill_groups,
    })
}

/// The skill groups of these accounts (one parameter each).
async fn memberships_of(conn: &mut sqlx::AnyConnection, staff_ids: &[i64]) -> Result<Vec<MembershipRow>, AppError> {
    if staff_ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=staff_ids.len()).map(|n| format!("${n}")).collect();
    let sql = format!(
        "SELECT sg.staff_id, g.code FROM staff_skill_groups sg JOIN skill_groups g ON g.id = sg.skill_group_id \
         WHERE sg.staff_id IN ({}) ORDER BY g.code",
        placeholders.join(", ")
    );
    let mut query = sqlx::query_as::<_, MembershipRow>(&sql);
    for id in staff_ids {
        query = query.bind(*id);
    }
    Ok(query.fetch_all(conn).await?)
}

async fn load(tx: &mut Tx, id: i64) -> Result<Option<StaffAccount>, AppError> {
    // Holds the row for the rest of the transaction, so two admins' edits queue.
    sqlx::query("UPDATE staff SET updated_at = updated_at WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    let row: Option<AccountRow> = sqlx::query_as(&format!("{ACCOUNT_SELECT} WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let memberships = memberships(tx, Some(id)).await?;
    account(row, &memberships).map(Some)
}

/// The form checked field by field, with skill groups that exist.
async fn check(db: &Db, form: &StaffForm) -> Result<(CheckedStaff, Vec<i64>), AppError> {
    let checked = check_staff(&form.fields).map_err(AppError::first_invalid)?;
    let mut group_ids = Vec::new();
    for code in &form.skill_groups {
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM skill_groups WHERE code = $1")
            .bind(code)
            .fetch_optional(&db.pool)
            .await?;
        match id {
            Some(id) if !group_ids.contains(&id) => group_ids.push(id),
            Some(_) => {}
            None => {
                return Err(AppError::invalid(
                    "skill_groups",
                    Invalid::new("skill_group_unknown", "Choose skill groups from the list"),
                ))
            }
        }
    }
    Ok((checked, group_ids))
}

async fn set_groups(tx: &mut Tx, staff_id: i64, group_ids: &[i64], at: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM staff_skill_groups WHERE staff_id = $1")
        .bind(staff_id)
        .execute(&mut **tx)
        .await?;
    for group_id in group_ids {
        crate::backend::staff::join_skill_group(tx, staff_id, *group_id, at).await?;
    }
    Ok(())
}

/// A password to give the person once: 12 characters without look-alikes (no 0/o, 1/l/i),
/// with letters and digits.
fn one_time_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::thread_rng();
    loop {
        let text: String = (0..12)
            .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
            .collect();
        if text.chars().any(|c| c.is_ascii_digit()) && text.chars().any(|c| c.is_ascii_alphabetic()) {
            return text;
        }
    }
}

fn snapshot(account: &StaffAccount) -> serde_json::Value {
    serde_json::json!({
        "username": account.username,
        "display_name": account.display_name,
        "role": account.role.as_str(),
        "active": account.active,
        "skill_groups": account.skill_groups,
        "capacity": account.capacity,
        "claim_limit_fen": account.claim_limit.map(Money::fen),
    })
}

async fn audited(
    tx: &mut Tx,
    admin_id: i64,
    action: &'static str,
    before: Option<&StaffAccount>,
    after: &StaffAccount,
) -> Result<(), AppError> {
    let detail = serde_json::json!({
        "staff_id": after.id,
        "before": before.map(snapshot),
        "after": snapshot(after),
    });
    audit::record_change(tx, admin_id, action, detail).await
}

/// Creates an account that must change its one-time password at first sign-in.
pub async fn create(db: &Db, admin_id: i64, form: &StaffForm) -> Result<IssuedPassword, AppError> {
    let (checked, group_ids) = check(db, form).await?;
    let one_time_password = one_time_password();
    let hash = password::hash(one_time_password.clone()).await?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let id = crate::backend::staff::insert(
        &mut tx,
        &crate::backend::staff::NewStaff {
            username: &checked.username,
            display_name: &checked.display_name,
            role: form.role,
            password_hash: &hash,
            capacity: checked.capacity,
            claim_limit: checked.claim_limit,
            must_change_password: true,
        },
        now,
    )
    .await?;
    set_groups(&mut tx, id, &group_ids, now).await?;
    let account = load(&mut tx, id)
        .await?
        .ok_or_else(|| internal_error(&"new staff vanished"))?;
    audited(&mut tx, admin_id, "staff.create", None, &account).await?;
    tx.commit().await?;
    Ok(IssuedPassword {
        account,
        one_time_password,
    })
}

/// Changes an account's name, role, groups, capacity and authority (not its sign-in name).
pub async fn update(db: &Db, admin_id: i64, staff_id: i64, form: &StaffForm) -> Result<StaffAccount, AppError> {
    let (checked, group_ids) = check(db, form).await?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let before = load(&mut tx, staff_id).await?.ok_or(AppError::NotFound)?;
    if staff_id == admin_id && form.role != Role::Admin {
        // Nobody takes away their own admin rights by mistake; another admin can.
        return Err(AppError::conflict(
            "role",
            "cannot_demote_self",
            "Another admin must change your role",
        ));
    }
    sqlx::query(
        "UPDATE staff SET display_name = $1, role = $2, capacity = $3, claim_limit_fen = $4, updated_at = $5 WHERE id = $6",
    )
    .bind(&checked.display_name)
    .bind(form.role.as_str())
    .bind(checked.capacity)
    .bind(checked.claim_limit.map(Money::fen))
    .bind(now)
    .bind(staff_id)
    .execute(&mut *tx)
    .await?;
    set_groups(&mut tx, staff_id, &group_ids, now).await?;
    let after = load(&mut tx, staff_id).await?.ok_or(AppError::NotFound)?;
    audited(&mut tx, admin_id, "staff.update", Some(&before), &after).await?;
    tx.commit().await?;
    Ok(after)
}

/// Deactivates (every session ends at its next request) or reactivates an account.
pub async fn set_active(db: &Db, admin_id: i64, staff_id: i64, active: bool) -> Result<StaffAccount, AppError> {
    if staff_id == admin_id && !active {
        return Err(AppError::conflict(
            "active",
            "cannot_deactivate_self",
            "Another admin must deactivate you",
        ));
    }
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let before = load(&mut tx, staff_id).await?.ok_or(AppError::NotFound)?;
    sqlx::query("UPDATE staff SET active = $1, status = CASE WHEN $1 = 0 THEN 'offline' ELSE status END, updated_at = $2 WHERE id = $3")
        .bind(i64::from(active))
        .bind(now)
        .bind(staff_id)
        .execute(&mut *tx)
        .await?;
    if !active {
        session::revoke_all(&mut tx, PrincipalKind::Staff, staff_id).await?;
    }
    let after = load(&mut tx, staff_id).await?.ok_or(AppError::NotFound)?;
    let action = if active { "staff.activate" } else { "staff.deactivate" };
    audited(&mut tx, admin_id, action, Some(&before), &after).await?;
    tx.commit().await?;
    Ok(after)
}

/// A new one-time password; the person's sessions end and they must choose their own.
pub async fn reset_password(db: &Db, admin_id: i64, staff_id: i64) -> Result<IssuedPassword, AppError> {
    let one_time_password = one_time_password();
    let hash = password::hash(one_time_password.clone()).await?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let before = load(&mut tx, staff_id).await?.ok_or(AppError::NotFound)?;
    sqlx::query("UPDATE staff SET password_hash = $1, must_change_password = 1, updated_at = $2 WHERE id = $3")
        .bind(&hash)
        .bind(now)
        .bind(staff_id)
        .execute(&mut *tx)
        .await?;
    session::revoke_all(&mut tx, PrincipalKind::Staff, staff_id).await?;
    let account = load(&mut tx, staff_id).await?.ok_or(AppError::NotFound)?;
    audited(&mut tx, admin_id, "staff.reset_password", Some(&before), &account).await?;
    tx.commit().await?;
    Ok(IssuedPassword {
        account,
        one_time_password,
    })
}
