//! The Communication API through the core's typed client: every operation, with the values it
//! answers checked; bad input and unknown ids get the error JSON with a 4xx.

use crate::support;

use saasus::communication::*;
use saasus_emulator::{Emulator, Options};

fn api_error(e: saasus::Error) -> Box<saasus::ApiError> {
    match e {
        saasus::Error::Api(a) => a,
        other => panic!("expected an API error, got {other:?}"),
    }
}

const ALICE: &str = "0b6a6c3e-1f1e-4a53-9c53-7e3f2f1a0001";
const BOB: &str = "0b6a6c3e-1f1e-4a53-9c53-7e3f2f1a0002";

#[tokio::test]
async fn every_feedback_operation_from_create_to_delete() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let c = saasus::Client::new(emu.config().with_max_retries(0).unwrap()).unwrap();
    let fb = c.communication().feedback();

    assert!(fb.get_feedbacks().await.unwrap().feedbacks.is_empty());
    let created = fb
        .create_feedback(&CreateFeedbackParam {
            user_id: ALICE.into(),
            feedback_title: "Move the save button".into(),
            feedback_description: "It is hard to reach in the edit dialog".into(),
        })
        .await
        .unwrap();
    assert_eq!(created.user_id, ALICE);
    assert_eq!(created.feedback_title, "Move the save button");
    assert_eq!(created.feedback_description, "It is hard to reach in the edit dialog");
    assert_eq!((created.status, created.count), (0, 0));
    assert!(created.comments.is_empty() && created.users.is_empty());
    assert!(uuid_like(&created.id), "{}", created.id);
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    assert!((created.created_at - now).abs() < 60, "created_at {} is now ({now})", created.created_at);
    let other = fb
        .create_feedback(&CreateFeedbackParam {
            user_id: BOB.into(),
            feedback_title: "Dark mode".into(),
            feedback_description: String::new(),
        })
        .await
        .unwrap();

    let listed = fb.get_feedbacks().await.unwrap().feedbacks;
    assert_eq!(listed, vec![created.clone(), other.clone()], "in creation order, as created");
    assert_eq!(fb.get_feedback(&created.id).await.unwrap(), created);

    fb.update_feedback(
        &created.id,
        &UpdateFeedbackParam { feedback_title: "Move the save button up".into(), feedback_description: "Top right, please".into() },
    )
    .await
    .unwrap();
    fb.update_feedback_status(&created.id, &UpdateFeedbackStatusParam { status: 2 }).await.unwrap();
    let got = fb.get_feedback(&created.id).await.unwrap();
    assert_eq!(
        (got.feedback_title.as_str(), got.feedback_description.as_str(), got.status),
        ("Move the save button up", "Top right, please", 2)
    );
    assert_eq!((got.id.as_str(), got.user_id.as_str(), got.created_at), (created.id.as_str(), ALICE, created.created_at));

    // Votes: one per user, counted.
    let votes = fb.create_vote_user(&created.id, &CreateVoteUserParam { user_id: ALICE.into() }).await.unwrap();
    assert_eq!(votes, Votes { count: 1, users: vec![User { user_id: ALICE.into() }] });
    let votes = fb.create_vote_user(&created.id, &CreateVoteUserParam { user_id: BOB.into() }).await.unwrap();
    assert_eq!(votes.count, 2);
    assert_eq!(votes.users, vec![User { user_id: ALICE.into() }, User { user_id: BOB.into() }]);
    let again = fb.create_vote_user(&created.id, &CreateVoteUserParam { user_id: BOB.into() }).await.unwrap();
    assert_eq!(again, votes, "voting again changes nothing");
    let got = fb.get_feedback(&created.id).await.unwrap();
    assert_eq!((got.count, got.users.clone()), (2, votes.users.clone()));
    fb.delete_vote_for_feedback(&created.id, ALICE).await.unwrap();
    let got = fb.get_feedback(&created.id).await.unwrap();
    assert_eq!((got.count, got.users), (1, vec![User { user_id: BOB.into() }]));
    let e = api_error(fb.delete_vote_for_feedback(&created.id, ALICE).await.unwrap_err());
    assert_eq!((e.status, e.error_type.as_str()), (404, "not_found"), "{e:?}");

    // Comments: create, get, update, delete, and 404 afterwards.
    let comment =
        fb.create_feedback_comment(&created.id, &CreateFeedbackCommentParam { body: "Thanks for the idea".into() }).await.unwrap();
    assert_eq!(comment.body, "Thanks for the idea");
    assert!(uuid_like(&comment.id) && (comment.created_at - now).abs() < 60);
    let second = fb.create_feedback_comment(&created.id, &CreateFeedbackCommentParam { body: "Planned".into() }).await.unwrap();
    assert_eq!(fb.get_feedback_comment(&created.id, &comment.id).await.unwrap(), comment);
    assert_eq!(fb.get_feedback(&created.id).await.unwrap().comments, vec![comment.clone(), second.clone()]);
    fb.update_feedback_comment(&created.id, &comment.id, &UpdateFeedbackCommentParam { body: "Thanks, noted".into() }).await.unwrap();
    let edited = fb.get_feedback_comment(&created.id, &comment.id).await.unwrap();
    assert_eq!(edited, Comment { body: "Thanks, noted".into(), ..comment.clone() });
    fb.delete_feedback_comment(&created.id, &comment.id).await.unwrap();
    assert_eq!(fb.get_feedback(&created.id).await.unwrap().comments, vec![second.clone()]);
    for e in [
        fb.get_feedback_comment(&created.id, &comment.id).await.unwrap_err(),
        fb.update_feedback_comment(&created.id, &comment.id, &UpdateFeedbackCommentParam { body: "x".into() }).await.unwrap_err(),
        fb.delete_feedback_comment(&created.id, &comment.id).await.unwrap_err(),
        fb.get_feedback_comment(&other.id, &second.id).await.unwrap_err(),
    ] {
        let e = api_error(e);
        assert_eq!((e.status, e.error_type.as_str()), (404, "not_found"), "{e:?}");
        assert!(e.message.contains(&comment.id) || e.message.contains(&second.id), "{e:?}");
    }

    // Delete, then every operation on it is a 404.
    fb.delete_feedback(&created.id).await.unwrap();
    assert_eq!(fb.get_feedbacks().await.unwrap().feedbacks, vec![other.clone()]);
    let id = created.id.as_str();
    for e in [
        fb.get_feedback(id).await.unwrap_err(),
        fb.update_feedback(id, &UpdateFeedbackParam { feedback_title: "t".into(), feedback_description: "d".into() }).await.unwrap_err(),
        fb.delete_feedback(id).await.unwrap_err(),
        fb.update_feedback_status(id, &UpdateFeedbackStatusParam { status: 1 }).await.unwrap_err(),
        fb.create_vote_user(id, &CreateVoteUserParam { user_id: ALICE.into() }).await.unwrap_err(),
        fb.delete_vote_for_feedback(id, BOB).await.unwrap_err(),
        fb.create_feedback_comment(id, &CreateFeedbackCommentParam { body: "b".into() }).await.unwrap_err(),
        fb.get_feedback_comment(id, &second.id).await.unwrap_err(),
        fb.update_feedback_comment(id, &second.id, &UpdateFeedbackCommentParam { body: "b".into() }).await.unwrap_err(),
        fb.delete_feedback_comment(id, &second.id).await.unwrap_err(),
    ] {
        let e = api_error(e);
        assert_eq!((e.status, e.error_type.as_str()), (404, "not_found"), "{e:?}");
        assert!(e.message.contains(id), "the message names the feedback: {e:?}");
    }

    // The error tag: a 500 with the error JSON, on purpose.
    let e = api_error(c.communication().error().return_internal_server_error().await.unwrap_err());
    assert_eq!((e.status, e.error_type.as_str()), (500, "internal_server_error"), "{e:?}");
    emu.stop().await;
}

fn uuid_like(s: &str) -> bool {
    s.len() == 36 && s.chars().filter(|c| *c == '-').count() == 4
}

#[tokio::test]
async fn bad_input_is_a_named_4xx_with_the_error_json() {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let c = saasus::Client::new(emu.config()).unwrap();
    let id = c
        .communication()
        .feedback()
        .create_feedback(&CreateFeedbackParam { user_id: ALICE.into(), feedback_title: "t".into(), feedback_description: "d".into() })
        .await
        .unwrap()
        .id;
    let base = "/v1/communication";
    let cases = [
        ("POST", format!("{base}/feedbacks"), r#"{"feedback_title":"t","feedback_description":"d"}"#, 400, "user_id"),
        ("POST", format!("{base}/feedbacks"), r#"{"user_id":"u","feedback_description":"d"}"#, 400, "feedback_title"),
        ("POST", format!("{base}/feedbacks"), r#"{"user_id":"u","feedback_title":" ","feedback_description":"d"}"#, 400, "feedback_title"),
        ("POST", format!("{base}/feedbacks"), r#"{"user_id":1,"feedback_title":"t","feedback_description":"d"}"#, 400, "user_id"),
        ("POST", format!("{base}/feedbacks"), "", 400, "body is missing"),
        ("POST", format!("{base}/feedbacks"), "{\"user_id\":", 400, "malformed JSON"),
        ("PATCH", format!("{base}/feedbacks/{id}"), r#"{"feedback_title":"t"}"#, 400, "feedback_description"),
        ("PATCH", format!("{base}/feedbacks/{id}/status"), r#"{"status":"open"}"#, 400, "status"),
        ("PATCH", format!("{base}/feedbacks/{id}/status"), r#"{"status":-1}"#, 400, "status"),
        ("PATCH", format!("{base}/feedbacks/{id}/status"), r#"{}"#, 400, "status"),
        ("POST", format!("{base}/feedbacks/{id}/votes/users"), r#"{}"#, 400, "user_id"),
        ("POST", format!("{base}/feedbacks/{id}/comments"), r#"{"body":""}"#, 400, "body"),
        ("PATCH", format!("{base}/feedbacks/{id}/comments/nope"), r#"{}"#, 400, "body"),
        ("PATCH", format!("{base}/feedbacks/nope/comments/nope"), r#"{"body":"b"}"#, 404, "nope"),
        ("GET", format!("{base}/feedbacks/nope"), "", 404, "nope"),
        ("DELETE", format!("{base}/feedbacks/{id}/votes/users/{BOB}"), "", 404, BOB),
        ("PUT", format!("{base}/feedbacks"), "{}", 405, "PUT"),
        ("GET", format!("{base}/no-such-thing"), "", 404, "/v1/communication/no-such-thing"),
        ("GET", "/elsewhere".to_string(), "", 404, "/v1/communication"),
    ];
    support::assert_refusals(&emu, &cases).await;
    // Nothing was changed by the refused requests.
    let fbs = c.communication().feedback().get_feedbacks().await.unwrap().feedbacks;
    assert_eq!(fbs.len(), 1);
    assert_eq!((fbs[0].status, fbs[0].count, fbs[0].comments.len()), (0, 0, 0));
    // Unsigned is refused as on Auth.
    let (status, json) = support::unsigned(&emu, "GET", "/v1/communication/feedbacks", "").await;
    assert_eq!((status, json["type"].as_str()), (401, Some("invalid_authorization")));
    emu.stop().await;
}
