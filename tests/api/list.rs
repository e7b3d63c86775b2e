//! Listing: every filter and sort of the contract, and keyset pagination.

use std::collections::HashSet;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

const PAST: &str = "2020-01-01T00:00:00Z";

/// Four tasks with known fields, created in this order.
async fn seed(app: &TestApp, access: &str) {
    for body in [
        json!({"title": "Buy milk", "priority": "low", "due_date": "2030-01-10T00:00:00Z"}),
        json!({"title": "File taxes", "description": "Before the DEADLINE", "priority": "urgent", "due_date": PAST}),
        json!({"title": "Read book", "priority": "medium"}),
        json!({"title": "Pay rent", "priority": "high", "due_date": "2030-01-01T00:00:00Z", "completed": true}),
    ] {
        app.task(access, body).await;
    }
}

#[tokio::test]
async fn the_default_order_is_newest_first() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    seed(&app, &session.access).await;
    assert_eq!(app.titles(&session.access, "").await, ["Pay rent", "Read book", "File taxes", "Buy milk"]);
    assert_eq!(
        app.titles(&session.access, "sort=-created_at").await,
        ["Pay rent", "Read book", "File taxes", "Buy milk"]
    );
    assert_eq!(
        app.titles(&session.access, "sort=created_at").await,
        ["Buy milk", "File taxes", "Read book", "Pay rent"]
    );
}

#[tokio::test]
async fn due_date_sorts_put_undated_tasks_last_both_ways() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    seed(&app, &session.access).await;
    assert_eq!(
        app.titles(&session.access, "sort=due_date").await,
        ["File taxes", "Pay rent", "Buy milk", "Read book"]
    );
    assert_eq!(
        app.titles(&session.access, "sort=-due_date").await,
        ["Buy milk", "Pay rent", "File taxes", "Read book"]
    );
}

#[tokio::test]
async fn priority_sorts_low_to_urgent() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    seed(&app, &session.access).await;
    assert_eq!(
        app.titles(&session.access, "sort=priority").await,
        ["Buy milk", "Read book", "Pay rent", "File taxes"]
    );
    assert_eq!(
        app.titles(&session.access, "sort=-priority").await,
        ["File taxes", "Pay rent", "Read book", "Buy milk"]
    );
}

#[tokio::test]
async fn filters_select_what_they_name_and_combine() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    seed(&app, &session.access).await;
    let titles = |query: &'static str| {
        let app = &app;
        let access = session.access.clone();
        async move {
            let mut t = app.titles(&access, query).await;
            t.sort();
            t
        }
    };
    assert_eq!(titles("completed=true").await, ["Pay rent"]);
    assert_eq!(titles("completed=false").await, ["Buy milk", "File taxes", "Read book"]);
    assert_eq!(titles("priority=high").await, ["Pay rent"]);
    assert_eq!(titles("priority=low,urgent").await, ["Buy milk", "File taxes"]);
    assert_eq!(titles("priority=low&priority=medium").await, ["Buy milk", "Read book"]);
    assert_eq!(titles("overdue=true").await, ["File taxes"]);
    assert_eq!(titles("overdue=false").await, ["Buy milk", "Pay rent", "Read book"]);
    assert_eq!(titles("q=DEADLINE").await, ["File taxes"], "searches descriptions");
    assert_eq!(titles("q=deadline").await, ["File taxes"], "case-insensitively");
    assert_eq!(titles("q=r").await, ["File taxes", "Pay rent", "Read book"]);
    assert_eq!(titles("q=%25").await, Vec::<String>::new(), "% matches itself, not everything");
    assert_eq!(titles("q=_").await, Vec::<String>::new(), "_ matches itself");
    assert_eq!(titles("completed=false&priority=low,urgent&q=milk").await, ["Buy milk"]);
}

#[tokio::test]
async fn search_folds_case_in_every_script() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    app.task(&session.access, json!({"title": "Купить МОЛОКО"})).await;
    app.task(&session.access, json!({"title": "Straße fegen", "description": "ÉTÉ"})).await;
    assert_eq!(app.titles(&session.access, "q=молоко").await, ["Купить МОЛОКО"]);
    assert_eq!(app.titles(&session.access, "q=%C3%A9t%C3%A9").await, ["Straße fegen"], "q=été");
    assert!(app.titles(&session.access, "q=.*").await.is_empty(), "q is literal text, not a pattern");
}

#[tokio::test]
async fn due_windows_are_half_open_and_skip_undated_tasks() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    seed(&app, &session.access).await;
    let boundary = "2030-01-01T00:00:00Z";
    let mut before = app.titles(&session.access, &format!("due_before={boundary}")).await;
    before.sort();
    let mut after = app.titles(&session.access, &format!("due_after={boundary}")).await;
    after.sort();
    assert_eq!(before, ["File taxes"], "due_before excludes the boundary");
    assert_eq!(after, ["Buy milk", "Pay rent"], "due_after includes the boundary");
    let window = app
        .titles(&session.access, "due_after=2029-12-31T00:00:00Z&due_before=2030-01-02T00:00:00%2B00:00")
        .await;
    assert_eq!(window, ["Pay rent"]);
}

#[tokio::test]
async fn bad_query_strings_are_400s() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    for query in [
        "limit=0",
        "limit=101",
        "completed=maybe",
        "priority=critical",
        "sort=title",
        "due_before=soon",
        "cursor=garbage",
        "color=blue",
    ] {
        let response = app.get(&format!("/tasks?{query}"), &session.access).await;
        assert_error(response, StatusCode::BAD_REQUEST, "bad_request").await;
    }
}

/// Follows `next_cursor` from the first page to the last, creating a task after every page.
async fn walk_all_pages(app: &TestApp, access: &str, sort: &str, limit: usize) -> Vec<Value> {
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let query = match &cursor {
            Some(c) => format!("sort={sort}&limit={limit}&cursor={c}"),
            None => format!("sort={sort}&limit={limit}"),
        };
        let (items, next) = app.list(access, &query).await;
        assert!(items.len() <= limit);
        if next.is_some() {
            assert_eq!(items.len(), limit, "only the last page may be short");
        }
        seen.extend(items);
        app.task(access, json!({"title": "inserted while paging", "due_date": "2031-01-01T00:00:00Z"})).await;
        match next {
            Some(next) => cursor = Some(next),
            None => return seen,
        }
    }
}

#[tokio::test]
async fn pagination_visits_every_task_exactly_once_in_every_order_while_tasks_are_inserted() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    let priorities = ["low", "medium", "high", "urgent"];
    let mut original = HashSet::new();
    for i in 0..23 {
        // Repeated keys on purpose: ties must be broken by id.
        let mut body = json!({"title": format!("task {i}"), "priority": priorities[i % 4]});
        if i % 3 != 0 {
            body["due_date"] = json!(format!("2030-01-0{}T00:00:00Z", 1 + i % 5));
        }
        original.insert(app.task(&session.access, body).await["id"].as_i64().unwrap());
    }
    for sort in ["-created_at", "created_at", "due_date", "-due_date", "priority", "-priority"] {
        let seen = walk_all_pages(&app, &session.access, sort, 5).await;
        let ids: Vec<i64> = seen.iter().map(|t| t["id"].as_i64().unwrap()).collect();
        let unique: HashSet<i64> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len(), "{sort}: a task was repeated");
        assert!(original.is_subset(&unique), "{sort}: a task present from the start was skipped");
    }
}

#[tokio::test]
async fn next_cursor_is_null_exactly_when_nothing_remains() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    for i in 0..4 {
        app.task(&session.access, json!({"title": format!("t{i}")})).await;
    }
    let (items, next) = app.list(&session.access, "limit=4").await;
    assert_eq!((items.len(), next), (4, None), "a full last page has no cursor");
    let (items, next) = app.list(&session.access, "limit=3").await;
    assert_eq!(items.len(), 3);
    let (rest, last) = app.list(&session.access, &format!("limit=3&cursor={}", next.unwrap())).await;
    assert_eq!((rest.len(), last), (1, None));
    let (empty, none) = app.list(&app.new_user().await.access, "").await;
    assert!(empty.is_empty() && none.is_none());
}

#[tokio::test]
async fn a_cursor_from_another_sort_is_refused() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    for i in 0..3 {
        app.task(&session.access, json!({"title": format!("t{i}")})).await;
    }
    let (_, next) = app.list(&session.access, "limit=1&sort=priority").await;
    let response = app.get(&format!("/tasks?sort=due_date&cursor={}", next.unwrap()), &session.access).await;
    assert_error(response, StatusCode::BAD_REQUEST, "bad_request").await;
}

#[tokio::test]
async fn the_default_limit_is_50_and_the_maximum_100() {
    let app = spawn_app().await;
    let session = app.new_user().await;
    for i in 0..120 {
        app.task(&session.access, json!({"title": format!("bulk {i}")})).await;
    }
    assert_eq!(app.list(&session.access, "").await.0.len(), 50);
    assert_eq!(app.list(&session.access, "limit=100").await.0.len(), 100);
}

/// Every page of `query`, by `next_cursor`, as titles.
async fn titles_of_all_pages(app: &TestApp, access: &str, query: &str) -> Vec<String> {
    let mut titles = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page_query = match &cursor {
            Some(c) => format!("{query}&cursor={c}"),
            None => query.to_owned(),
        };
        let (items, next) = app.list(access, &page_query).await;
        titles.extend(items.iter().map(|t| t["title"].as_str().unwrap().to_owned()));
        match next {
            Some(next) => cursor = Some(next),
            None => return titles,
        }
    }
}

/// On PostgreSQL the list over every project reads full rows for a user in a few projects and keys
/// first for one in many (`store::sql::list_tasks`): both ways must list the same tasks in the
/// same order, through every sort, filter and cursor.
#[tokio::test]
async fn a_user_in_many_projects_gets_the_same_pages_as_one_in_a_single_project() {
    let app = spawn_app().await;
    let single = app.new_user().await;
    let many = app.new_user().await;
    let mut projects = vec![Value::Null];
    for i in 0..5 {
        let response = app
            .client
            .post(app.api("/projects"))
            .bearer_auth(&many.access)
            .json(&json!({"name": format!("Project {i}")}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
        projects.push(response.json::<Value>().await.unwrap()["id"].clone());
    }
    let me_single = app.me(&single.access).await.json::<Value>().await.unwrap()["id"].clone();
    let me_many = app.me(&many.access).await.json::<Value>().await.unwrap()["id"].clone();
    let priorities = ["low", "medium", "high", "urgent"];
    // The same tasks for both, created alternately so that both orders of creation agree; the
    // second user's are spread over their inbox and five projects.
    for i in 0..26 {
        let mut body = json!({
            "title": format!("task {i}"), "priority": priorities[i % 4], "completed": i % 5 == 0,
            "labels": if i % 3 == 0 { json!(["x"]) } else { json!([]) },
        });
        if i % 4 != 0 {
            body["due_date"] = json!(format!("2030-01-0{}T00:00:00Z", 1 + i % 6));
        }
        let mut for_single = body.clone();
        let mut for_many = body;
        if i % 2 == 0 {
            for_single["assignee_id"] = me_single.clone();
            for_many["assignee_id"] = me_many.clone();
        }
        // The eight newest all in one project: a page can then come from one project alone,
        // past the bound taken from the others' first keys (`push_page_bound`).
        let slot = if i >= 18 { 1 } else { i % 6 };
        if !projects[slot].is_null() {
            for_many["project_id"] = projects[slot].clone();
        }
        app.task(&single.access, for_single).await;
        app.task(&many.access, for_many).await;
    }
    for sort in ["-created_at", "created_at", "due_date", "-due_date", "priority", "-priority"] {
        for filter in [
            "",
            "&completed=false",
            "&priority=high,urgent",
            "&due_before=2030-01-04T00:00:00Z",
            "&label=x",
            "&assignee=me",
            "&q=task%201",
        ] {
            let query = format!("sort={sort}&limit=4{filter}");
            let expected = titles_of_all_pages(&app, &single.access, &query).await;
            assert!(!expected.is_empty(), "{query}: the fixture lists nothing");
            assert_eq!(titles_of_all_pages(&app, &many.access, &query).await, expected, "{query}");
        }
    }
}
