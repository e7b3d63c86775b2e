// Rebuild when a migration is added (`sqlx::migrate!` embeds the folders at compile time) or the
// web UI is rebuilt (`rust-embed` embeds `web/dist`, and a new file would go unnoticed otherwise;
// a missing folder counts as changed, so a clean clone picks up the UI once `make web` built it).
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=web/dist");
}
