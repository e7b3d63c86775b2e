//! Live updates across servers (Redis pub/sub): two servers on one PostgreSQL and one Redis prefix,
//! a stream on one hearing of changes made on the other; and what a stream does when Redis or its
//! client stops (the stream ends, and so does the connection of a client that stopped reading).

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::redis_outage::OwnRedis;
use crate::events::{EventStream, REVOKED_WITHIN, WITHIN, arrives};
use crate::helpers::*;
use crate::process::{BinaryServer, free_port};

/// A second server on `first`'s database and Redis prefix.
pub(super) async fn second_server(first: &TestApp) -> TestApp {
    let prefix = first.settings.redis_key_prefix.clone();
    spawn_app_with(Options {
        backend: Backend::Postgres,
        database_url: Some(first.settings.database.database_url.clone()),
        tweak: Box::new(move |settings| settings.redis_key_prefix = prefix),
        ..Default::default()
    })
    .await
}

#[tokio::test]
async fn a_change_on_one_server_reaches_a_stream_on_another_and_a_logout_there_ends_it() {
    let a = spawn_app_with(Options { backend: Backend::Postgres, ..Default::default() }).await;
    let b = second_server(&a).await;
    let owner = a.new_user().await;
    let email = unique_email();
    let member = a.signed_up(&email).await;
    let project = a.shared_project(&owner, &[(&email, "editor")]).await;
    let mut on_b = b.events(&member.access).await;

    let started = Instant::now();
    let task = a.task(&owner.access, json!({"title": "Made on A", "project_id": project["id"]})).await;
    let ((name, data), latency) = arrives(&mut on_b, started).await;
    eprintln!("task created on A → stream on B: {latency:?}");
    assert_eq!(name, "task");
    assert_eq!(data, json!({"op": "created", "id": task["id"], "project_id": project["id"], "version": 1}));

    let started = Instant::now();
    let logout =
        a.new_browser().post(a.api("/auth/logout")).bearer_auth(&member.access).send().await.unwrap();
    assert_eq!(logout.status(), StatusCode::NO_CONTENT);
    assert!(on_b.ends_within(REVOKED_WITHIN).await, "B's stream outlived a logout on A by 5 s");
    eprintln!("logout on A → stream on B ended: {:?}", started.elapsed());
}

#[tokio::test]
async fn a_client_that_stops_reading_is_cut_off() {
    let app = spawn_app_with(Options { backend: Backend::Postgres, ..Default::default() }).await;
    let session = app.new_user().await;
    let user: i64 =
        app.me(&session.access).await.json::<serde_json::Value>().await.unwrap()["id"].as_i64().unwrap();
    let mut unread = app.events(&session.access).await;
    let mut reading = app.events(&session.access).await;

    // As another server would: events for this user on the bus, far more than the kernel's socket
    // buffers and the stream's own hold (a few MB), in batches the server keeps up with.
    let mut redis =
        redis::Client::open(redis_url()).unwrap().get_multiplexed_async_connection().await.unwrap();
    let channel = format!("{}events", app.settings.redis_key_prefix);
    let event = json!({"to": [user], "kind": "task", "data": r#"{"op":"updated","id":1,"project_id":1,"version":1}"#});
    let batch = serde_json::to_string(&vec![event; 200]).unwrap();
    let (batches, mut read) = (500, 0);
    for _ in 0..batches {
        let _: i64 = redis::cmd("PUBLISH").arg(&channel).arg(&batch).query_async(&mut redis).await.unwrap();
        // The reading stream keeps up (it is never the one cut off).
        while reading.next(Duration::from_millis(1)).await.is_some() {
            read += 1;
        }
    }
    while reading.next(Duration::from_millis(200)).await.is_some() {
        read += 1;
    }
    assert_eq!(read, batches * 200, "the stream that reads got everything");

    // The one that did not read gets what was buffered, then the end, not every event.
    let mut buffered = 0;
    while unread.next(Duration::from_secs(2)).await.is_some() {
        buffered += 1;
    }
    assert!(unread.ends_within(Duration::ZERO).await, "the stream that did not read is still open");
    assert!(buffered < batches * 200, "it was buffered without bound: all {buffered} events");
    eprintln!("the unread stream was cut off after {buffered} of {} events", batches * 200);
}

/// `events_open_streams` and `http_open_connections` on `server`'s /metrics.
async fn open_streams_and_connections(client: &reqwest::Client, server: &BinaryServer) -> (i64, i64) {
    let text = client.get(server.url("/metrics")).send().await.unwrap().text().await.unwrap();
    let gauge = |name: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix(name)?.strip_prefix(' ')?.parse::<f64>().ok())
            .unwrap_or(0.0) as i64
    };
    (gauge("events_open_streams"), gauge("http_open_connections"))
}

#[tokio::test]
async fn a_client_that_stops_reading_loses_its_connection_and_one_that_reads_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::create().await;
    let redis_prefix = RedisPrefix::new();
    let env = [
        ("DATABASE_URL", database.url.clone()),
        ("REDIS_URL", redis_url()),
        ("REDIS_KEY_PREFIX", redis_prefix.0.clone()),
        ("JWT_SECRET", JWT_SECRET.to_owned()),
        ("WRITE_STALL_SECS", "1".to_owned()),
    ];
    let server = BinaryServer::start(dir.path(), free_port(), &env).await;
    server.register("stalled@example.com").await;
    server.register("idle@example.com").await;
    let stalled = server.session("stalled@example.com").await;
    let idle = server.session("idle@example.com").await;
    let me: serde_json::Value = reqwest::Client::new()
        .get(server.url("/api/v1/users/me"))
        .bearer_auth(&stalled.access)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let user = me["id"].as_i64().unwrap();
    let metrics = reqwest::Client::new();
    let (streams, connections) = open_streams_and_connections(&metrics, &server).await;
    assert_eq!(streams, 0);

    // A reader that gets no events, only keep-alives: it must stay connected throughout.
    let mut reader = EventStream::open(&server.url("/api/v1/events"), &idle.access).await;
    // The client that stops reading: a small receive buffer, the response head read, no more.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let mut client = socket.connect(([127, 0, 0, 1], server.port).into()).await.unwrap();
    let request = format!(
        "GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {}\r\n\r\n",
        stalled.access
    );
    client.write_all(request.as_bytes()).await.unwrap();
    let mut head = [0; 12];
    client.read_exact(&mut head).await.unwrap();
    assert_eq!(&head, b"HTTP/1.1 200");

    // As another server would: events for it on the bus until its stream is cut off (its buffer,
    // the server's and the kernel's all full), at a pace every stream keeps up with.
    let mut redis =
        redis::Client::open(redis_url()).unwrap().get_multiplexed_async_connection().await.unwrap();
    let channel = format!("{}events", redis_prefix.0);
    let event = json!({"to": [user], "kind": "task", "data": r#"{"op":"updated","id":1,"project_id":1,"version":1}"#});
    let batch = serde_json::to_string(&vec![event; 100]).unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut sent = 0;
    while open_streams_and_connections(&metrics, &server).await.0 == 2 {
        assert!(Instant::now() < deadline, "the stream that is not read was not cut off after {sent} events");
        for _ in 0..10 {
            let _: i64 =
                redis::cmd("PUBLISH").arg(&channel).arg(&batch).query_async(&mut redis).await.unwrap();
            sent += 100;
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    // Its connection closes too, back to the baseline.
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let (streams, open) = open_streams_and_connections(&metrics, &server).await;
        // The reader's stream and connection are the ones left.
        if streams == 1 && open <= connections + 1 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "still {streams} streams and {open} connections (from {connections})"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Reading now, the client finds what was in flight and then the end of the connection.
    let mut received = Vec::new();
    let end = tokio::time::timeout(Duration::from_secs(5), client.read_to_end(&mut received)).await;
    assert!(end.is_ok(), "the connection was still open after {} bytes", received.len());
    eprintln!("the stalled client's connection closed after {} bytes of {sent} events", received.len());

    assert!(!reader.ends_within(Duration::from_secs(2)).await, "the idle reader was cut off");
    assert_eq!(open_streams_and_connections(&metrics, &server).await.0, 1);
    server.stop();
}

#[tokio::test]
async fn without_redis_there_is_no_stream_and_open_ones_end() {
    let port = free_port();
    let mut redis = OwnRedis::start(port);
    let app = spawn_app_with(Options {
        backend: Backend::Postgres,
        redis_url: Some(redis.url()),
        ..Default::default()
    })
    .await;
    let session = app.new_user().await;
    let mut stream = EventStream::open(&app.api("/events"), &session.access).await;
    let task = app.task(&session.access, json!({"title": "Before the outage"})).await;
    assert_eq!(stream.next(WITHIN).await.map(|e| e.1["id"].clone()), Some(task["id"].clone()));

    redis.stop();
    assert!(stream.ends_within(Duration::from_secs(5)).await, "the stream outlived Redis by 5 s");
    let refused = app.client.get(app.api("/events")).bearer_auth(&session.access).send().await.unwrap();
    assert_error(refused, StatusCode::SERVICE_UNAVAILABLE, "unavailable").await;
}
