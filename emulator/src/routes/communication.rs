//! The Communication API (paths relative to `/v1/communication`): feedbacks, their status,
//! the users' votes on them and the comments under them; and its `error` tag.
//!
//! A feedback is kept as the `Feedback` the API shows (its comments and votes inside it), so
//! what is stored is what is answered. User ids are taken as given: the platform's feedback
//! board names users by id, and the emulator does not require them to be SaaS users of Auth.

use super::common::check_name;
use crate::error::{ApiError, ApiResult, Done, done};
use crate::extract::{JsonBody, Path};
use crate::server::AppState;
use crate::state::{new_id, now};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, patch, post};
use axum::{Json, Router};
use saasus::communication::*;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/feedbacks", get(get_feedbacks).post(create_feedback))
        .route("/feedbacks/{feedback_id}", get(get_feedback).patch(update_feedback).delete(delete_feedback))
        .route("/feedbacks/{feedback_id}/status", patch(update_feedback_status))
        .route("/feedbacks/{feedback_id}/votes/users", post(create_vote_user))
        .route("/feedbacks/{feedback_id}/votes/users/{user_id}", delete(delete_vote_for_feedback))
        .route("/feedbacks/{feedback_id}/comments", post(create_feedback_comment))
        .route(
            "/feedbacks/{feedback_id}/comments/{comment_id}",
            get(get_feedback_comment).patch(update_feedback_comment).delete(delete_feedback_comment),
        )
        .merge(super::error::routes())
}

fn no_feedback(id: &str) -> ApiError {
    ApiError::not_found("feedback", id)
}

fn no_comment(feedback_id: &str, id: &str) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", format!("comment {id} does not exist on feedback {feedback_id}"))
}

/// The status is the spec's `uint64`.
fn check_status(status: i64) -> ApiResult<()> {
    if status < 0 {
        return Err(ApiError::bad_request("status: must be 0 or more"));
    }
    Ok(())
}

async fn get_feedbacks(State(app): State<AppState>) -> Json<Feedbacks> {
    Json(Feedbacks { feedbacks: app.store().feedbacks.clone() })
}

/// A new feedback has status 0, no comments and no votes.
async fn create_feedback(
    State(app): State<AppState>,
    JsonBody(p): JsonBody<CreateFeedbackParam>,
) -> ApiResult<(StatusCode, Json<Feedback>)> {
    check_name("user_id", &p.user_id)?;
    check_name("feedback_title", &p.feedback_title)?;
    let feedback = Feedback {
        id: new_id(),
        user_id: p.user_id,
        created_at: now(),
        status: 0,
        feedback_title: p.feedback_title,
        feedback_description: p.feedback_description,
        comments: Vec::new(),
        count: 0,
        users: Vec::new(),
    };
    app.store().feedbacks.push(feedback.clone());
    Ok((StatusCode::CREATED, Json(feedback)))
}

async fn get_feedback(State(app): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<Feedback>> {
    app.store().feedbacks.iter().find(|f| f.id == id).cloned().map(Json).ok_or_else(|| no_feedback(&id))
}

async fn update_feedback(State(app): State<AppState>, Path(id): Path<String>, JsonBody(p): JsonBody<UpdateFeedbackParam>) -> Done {
    check_name("feedback_title", &p.feedback_title)?;
    let mut store = app.store();
    let f = store.feedback_mut(&id).ok_or_else(|| no_feedback(&id))?;
    f.feedback_title = p.feedback_title;
    f.feedback_description = p.feedback_description;
    done()
}

async fn delete_feedback(State(app): State<AppState>, Path(id): Path<String>) -> Done {
    let mut store = app.store();
    let before = store.feedbacks.len();
    store.feedbacks.retain(|f| f.id != id);
    if store.feedbacks.len() == before {
        return Err(no_feedback(&id));
    }
    done()
}

async fn update_feedback_status(
    State(app): State<AppState>,
    Path(id): Path<String>,
    JsonBody(p): JsonBody<UpdateFeedbackStatusParam>,
) -> Done {
    check_status(p.status)?;
    let mut store = app.store();
    store.feedback_mut(&id).ok_or_else(|| no_feedback(&id))?.status = p.status;
    done()
}

/// A user votes at most once: voting again leaves the votes as they are.
async fn create_vote_user(
    State(app): State<AppState>,
    Path(id): Path<String>,
    JsonBody(p): JsonBody<CreateVoteUserParam>,
) -> ApiResult<(StatusCode, Json<Votes>)> {
    check_name("user_id", &p.user_id)?;
    let mut store = app.store();
    let f = store.feedback_mut(&id).ok_or_else(|| no_feedback(&id))?;
    if !f.users.iter().any(|u| u.user_id == p.user_id) {
        f.users.push(User { user_id: p.user_id });
    }
    f.count = f.users.len() as i64;
    Ok((StatusCode::CREATED, Json(Votes { count: f.count, users: f.users.clone() })))
}

async fn delete_vote_for_feedback(State(app): State<AppState>, Path((id, user_id)): Path<(String, String)>) -> Done {
    let mut store = app.store();
    let f = store.feedback_mut(&id).ok_or_else(|| no_feedback(&id))?;
    if !f.users.iter().any(|u| u.user_id == user_id) {
        return Err(ApiError::new(StatusCode::NOT_FOUND, "not_found", format!("user {user_id} has not voted for feedback {id}")));
    }
    f.users.retain(|u| u.user_id != user_id);
    f.count = f.users.len() as i64;
    done()
}

async fn create_feedback_comment(
    State(app): State<AppState>,
    Path(id): Path<String>,
    JsonBody(p): JsonBody<CreateFeedbackCommentParam>,
) -> ApiResult<(StatusCode, Json<Comment>)> {
    check_name("body", &p.body)?;
    let mut store = app.store();
    let f = store.feedback_mut(&id).ok_or_else(|| no_feedback(&id))?;
    let comment = Comment { id: new_id(), created_at: now(), body: p.body };
    f.comments.push(comment.clone());
    Ok((StatusCode::CREATED, Json(comment)))
}

async fn get_feedback_comment(State(app): State<AppState>, Path((id, comment_id)): Path<(String, String)>) -> ApiResult<Json<Comment>> {
    let store = app.store();
    let f = store.feedbacks.iter().find(|f| f.id == id).ok_or_else(|| no_feedback(&id))?;
    f.comments.iter().find(|c| c.id == comment_id).cloned().map(Json).ok_or_else(|| no_comment(&id, &comment_id))
}

async fn update_feedback_comment(
    State(app): State<AppState>,
    Path((id, comment_id)): Path<(String, String)>,
    JsonBody(p): JsonBody<UpdateFeedbackCommentParam>,
) -> Done {
    check_name("body", &p.body)?;
    let mut store = app.store();
    let f = store.feedback_mut(&id).ok_or_else(|| no_feedback(&id))?;
    f.comments.iter_mut().find(|c| c.id == comment_id).ok_or_else(|| no_comment(&id, &comment_id))?.body = p.body;
    done()
}

async fn delete_feedback_comment(State(app): State<AppState>, Path((id, comment_id)): Path<(String, String)>) -> Done {
    let mut store = app.store();
    let f = store.feedback_mut(&id).ok_or_else(|| no_feedback(&id))?;
    if !f.comments.iter().any(|c| c.id == comment_id) {
        return Err(no_comment(&id, &comment_id));
    }
    f.comments.retain(|c| c.id != comment_id);
    done()
}
