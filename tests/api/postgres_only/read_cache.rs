//! The Redis read cache itself: it answers repeated reads, a fill that raced a write is thrown
//! away, and nothing it keeps lives longer than its TTL.

use std::time::Duration;

use serde_json::json;
use tasktracker::cache::{Entry, ReadCache};
use tasktracker::domain::Sort;

use crate::helpers::*;

fn postgres() -> Options {
    Options { backend: Backend::Postgres, ..Default::default() }
}

/// Changes every title behind the server's back, as no API write would go unnoticed.
async fn retitle_directly(app: &TestApp) {
    app.sql_execute("UPDATE tasks SET title = 'Changed in the database'").await;
}

#[tokio::test]
async fn repeated_reads_are_answered_from_the_cache_until_a_write() {
    let app = spawn_app_with(postgres()).await;
    let session = app.new_user().await;
    app.task(&session.access, json!({"title": "Cached"})).await;
    let me = app.me(&session.access).await.text().await.unwrap();
    assert_eq!(app.titles(&session.access, "limit=50").await, vec!["Cached"]);

    retitle_directly(&app).await;
    app.sql_execute("UPDATE users SET email = 'changed@example.com'").await;
    assert_eq!(app.titles(&session.access, "limit=50").await, vec!["Cached"], "served from the cache");
    assert_eq!(app.me(&session.access).await.text().await.unwrap(), me, "served from the cache");

    // Any write through the API drops the user's cached pages.
    app.task(&session.access, json!({"title": "New"})).await;
    assert_eq!(app.titles(&session.access, "limit=50").await, vec!["New", "Changed in the database"]);
}

#[tokio::test]
async fn filtered_and_later_pages_are_never_cached() {
    let app = spawn_app_with(postgres()).await;
    let session = app.new_user().await;
    app.task(&session.access, json!({"title": "one", "priority": "high"})).await;
    app.task(&session.access, json!({"title": "two", "priority": "high"})).await;
    let (_, cursor) = app.list(&session.access, "limit=1").await;
    let later = format!("limit=1&cursor={}", cursor.unwrap());
    let queries = ["q=o", "priority=high", "completed=false", "overdue=false", later.as_str()];
    for query in queries {
        assert!(!app.titles(&session.access, query).await.is_empty());
    }
    retitle_directly(&app).await;
    for query in queries {
        let titles = app.titles(&session.access, query).await;
        assert!(titles.iter().all(|t| t == "Changed in the database"), "{query}: {titles:?}");
    }
}

#[tokio::test]
async fn a_fill_that_raced_a_write_is_not_kept() {
    let prefix = RedisPrefix::new();
    let cache = ReadCache::connect_lazy(&redis_url(), &prefix.0, Duration::from_secs(60)).unwrap();
    let entry = Entry::TaskPage { sort: Sort::default(), limit: 50 };

    // A reader misses and goes to the database; meanwhile a write commits and invalidates.
    let miss = cache.get(7, entry).await.expect_err("nothing is cached yet").expect("a fillable miss");
    cache.invalidate(&[7]).await;
    cache.fill(7, entry, miss, b"the page before the write").await;
    let again = cache.get(7, entry).await;
    assert!(again.is_err(), "the stale page was kept: {again:?}");

    // Undisturbed, a fill is what the next read gets.
    cache.fill(7, entry, again.unwrap_err().unwrap(), b"the page").await;
    assert_eq!(cache.get(7, entry).await.unwrap().as_ref(), b"the page");
    // Another user is not affected by user 7's entries.
    assert!(cache.get(8, entry).await.is_err());
}

#[tokio::test]
async fn cached_entries_expire_within_the_ttl_even_if_never_invalidated() {
    let prefix = RedisPrefix::new();
    let cache = ReadCache::connect_lazy(&redis_url(), &prefix.0, Duration::from_secs(30)).unwrap();
    let miss = cache.get(1, Entry::Profile).await.unwrap_err().unwrap();
    cache.fill(1, Entry::Profile, miss, b"{}").await;
    // Later fills and reads do not extend the hash's life.
    for _ in 0..3 {
        cache.get(1, Entry::Profile).await.unwrap();
    }
    let mut conn = redis::Client::open(redis_url()).unwrap().get_connection().unwrap();
    let ttl: i64 = redis::cmd("TTL").arg(format!("{}cache:1", prefix.0)).query(&mut conn).unwrap();
    assert!((1..=30).contains(&ttl), "TTL {ttl}");
}
