use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::extract::{JsonBody, nullable};
use super::validate::Fields;
use crate::auth::Caller;
use crate::domain::{Color, Email, Member, Project, ProjectId, ProjectName, Role, UserId};
use crate::error::{Error, Result};
use crate::projects::ProjectChange;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(fetch, update, remove))
        .routes(routes!(members, add_member))
        .routes(routes!(set_role, remove_member))
}

#[derive(Serialize, ToSchema)]
pub struct ProjectList {
    items: Vec<Project>,
}

#[derive(Serialize, ToSchema)]
pub struct MemberList {
    items: Vec<Member>,
}

/// The projects the caller is a member of: the inbox first, then by name.
#[utoipa::path(get, operation_id = "list_projects", path = "/projects", tag = "projects", security(("bearer" = [])),
    responses((status = 200, description = "The caller's projects", body = ProjectList)))]
async fn list(State(state): State<AppState>, who: Caller) -> Result<Json<ProjectList>> {
    Ok(Json(ProjectList { items: state.projects.list(who.user_id).await? }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectBody {
    /// 1 to 100 characters after trimming; required when creating.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = String, min_length = 1, max_length = 100, example = "Home")]
    name: Option<Option<String>>,
    /// `#rrggbb`, or null.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, example = "#3366cc")]
    color: Option<Option<String>>,
}

impl ProjectBody {
    fn parse(self, fields: &mut Fields) -> ProjectChange {
        ProjectChange {
            name: fields.required("name", self.name, |n| ProjectName::parse(&n)),
            color: fields.clearable("color", self.color, |c| Color::parse(&c)),
        }
    }
}

/// Creates a project; the caller is its owner.
#[utoipa::path(post, operation_id = "create_project", path = "/projects", tag = "projects", security(("bearer" = [])), request_body = ProjectBody,
    responses((status = 201, description = "The project", body = Project, headers(("location" = String, description = "/api/v1/projects/{id}")))))]
async fn create(
    State(state): State<AppState>,
    who: Caller,
    JsonBody(body): JsonBody<ProjectBody>,
) -> Result<impl IntoResponse> {
    let mut fields = Fields::default();
    if body.name.is_none() {
        fields.refuse("name", "is required");
    }
    let change = body.parse(&mut fields);
    let name = fields.finish(change.name)?;
    let project = state.projects.create(who.user_id, &name, change.color.flatten().as_ref()).await?;
    let location = format!("/api/v1/projects/{}", project.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(project)))
}

/// One project, for any member.
#[utoipa::path(get, operation_id = "get_project", path = "/projects/{id}", tag = "projects", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, description = "The project", body = Project)))]
async fn fetch(State(state): State<AppState>, who: Caller, Path(id): Path<String>) -> Result<Json<Project>> {
    Ok(Json(state.projects.get(who.user_id, project_id(&id)?).await?))
}

/// Renames or recolours a project (admin, owner).
#[utoipa::path(patch, operation_id = "update_project", path = "/projects/{id}", tag = "projects", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = ProjectBody, responses((status = 200, description = "The project", body = Project)))]
async fn update(
    State(state): State<AppState>,
    who: Caller,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<ProjectBody>,
) -> Result<Json<Project>> {
    let id = project_id(&id)?;
    let mut fields = Fields::default();
    let change = body.parse(&mut fields);
    let change = fields.finish(Some(change))?;
    Ok(Json(state.projects.update(who.user_id, id, &change).await?))
}

/// Deletes a project with its tasks (owner; never the inbox).
#[utoipa::path(delete, operation_id = "delete_project", path = "/projects/{id}", tag = "projects", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 204, description = "Deleted")))]
async fn remove(State(state): State<AppState>, who: Caller, Path(id): Path<String>) -> Result<StatusCode> {
    state.projects.delete(who.user_id, project_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The project's members, the owner first.
#[utoipa::path(get, operation_id = "list_members", path = "/projects/{id}/members", tag = "projects", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, description = "The members", body = MemberList)))]
async fn members(
    State(state): State<AppState>,
    who: Caller,
    Path(id): Path<String>,
) -> Result<Json<MemberList>> {
    Ok(Json(MemberList { items: state.projects.members(who.user_id, project_id(&id)?).await? }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMember {
    #[schema(example = "friend@example.com")]
    email: String,
    /// `admin`, `editor` or `viewer`.
    #[schema(example = "editor")]
    role: String,
}

/// Adds an account to the project (admin, owner).
#[utoipa::path(post, operation_id = "add_member", path = "/projects/{id}/members", tag = "projects", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = NewMember, responses((status = 201, description = "The member", body = Member)))]
async fn add_member(
    State(state): State<AppState>,
    who: Caller,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<NewMember>,
) -> Result<(StatusCode, Json<Member>)> {
    let id = project_id(&id)?;
    let mut fields = Fields::default();
    let email = fields.check("email", Email::parse(&body.email));
    let role = fields.check("role", Role::parse_grantable(&body.role));
    let (email, role) = fields.finish(email.zip(role))?;
    Ok((StatusCode::CREATED, Json(state.projects.add_member(who.user_id, id, &email, role).await?)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleChange {
    /// `admin`, `editor` or `viewer`.
    #[schema(example = "viewer")]
    role: String,
}

/// Changes a member's role (admin, owner).
#[utoipa::path(patch, operation_id = "set_member_role", path = "/projects/{id}/members/{user_id}", tag = "projects", security(("bearer" = [])),
    params(("id" = i64, Path), ("user_id" = i64, Path)), request_body = RoleChange,
    responses((status = 200, description = "The member", body = Member)))]
async fn set_role(
    State(state): State<AppState>,
    who: Caller,
    Path((id, member)): Path<(String, String)>,
    JsonBody(body): JsonBody<RoleChange>,
) -> Result<Json<Member>> {
    let (id, member) = (project_id(&id)?, user_id(&member)?);
    let mut fields = Fields::default();
    let role = fields.check("role", Role::parse_grantable(&body.role));
    let role = fields.finish(role)?;
    Ok(Json(state.projects.set_role(who.user_id, id, member, role).await?))
}

/// Removes a member (admin, owner), or leaves the project (any member, for themself).
#[utoipa::path(delete, operation_id = "remove_member", path = "/projects/{id}/members/{user_id}", tag = "projects", security(("bearer" = [])),
    params(("id" = i64, Path), ("user_id" = i64, Path)), responses((status = 204, description = "Removed")))]
async fn remove_member(
    State(state): State<AppState>,
    who: Caller,
    Path((id, member)): Path<(String, String)>,
) -> Result<StatusCode> {
    state.projects.remove_member(who.user_id, project_id(&id)?, user_id(&member)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A path segment that is not a number names no project.
fn project_id(raw: &str) -> Result<ProjectId> {
    raw.parse().map_err(|_| Error::NotFound)
}

fn user_id(raw: &str) -> Result<UserId> {
    raw.parse().map_err(|_| Error::NotFound)
}
