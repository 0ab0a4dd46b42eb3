//! Which API serves the invitation operations (decision invitations-api-setting): the
//! `invitations_api` setting (`invites`, `users` or `auto`), the invites endpoints'
//! sunset date, and in `auto` the fallback to the users API when the invites
//! endpoints answer as gone (decision users-api-fallback).

use super::invitations::{Call, Invitations, UpdateTarget};
use super::invites::{self, Invites};
use super::model::{Invitation, InvitationRequest};
use super::notes::Note;
use super::session::{Request, Session};
use super::users::{self, Users};
use crate::config::Settings;
use crate::error::{Error, Result};
use std::collections::HashSet;

/// The setting's key (`MONGODB_ATLAS_INVITATIONS_API`, or the `MCLI_` form).
pub const SETTING: &str = "invitations_api";

/// 2027-07-01T00:00:00Z, the `x-sunset` of every invites endpoint.
pub const SUNSET_UNIX: i64 = 1_814_400_000;

/// The setting's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    /// Always the deprecated invites endpoints (the official CLI's behaviour).
    Invites,
    /// Always the organization users API.
    Users,
    /// The invites endpoints until the sunset, with a fallback; the users API after.
    Auto,
}

impl Setting {
    /// The configured value; unset or empty is `auto`.
    pub fn read(settings: &Settings) -> Result<Setting> {
        match settings.get(SETTING)?.as_deref() {
            None | Some("auto") => Ok(Setting::Auto),
            Some("invites") => Ok(Setting::Invites),
            Some("users") => Ok(Setting::Users),
            Some(other) => Err(Error::Config(format!(
                "unsupported {SETTING} value {} (from {}): use invites, users or auto",
                crate::go::strconv::quote(other),
                settings
                    .origin(SETTING)
                    .map_or_else(|| settings.env_name(SETTING), |o| o.to_string())
            ))),
        }
    }
}

/// The API one operation goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Api {
    Invites,
    Users,
}

/// Where `setting` sends requests at `now` (Unix seconds), and whether a gone
/// answer from the invites endpoints may still move them to the users API.
pub fn choose(setting: Setting, now: i64) -> (Api, bool) {
    match setting {
        Setting::Invites => (Api::Invites, false),
        Setting::Users => (Api::Users, false),
        Setting::Auto if now >= SUNSET_UNIX => (Api::Users, false),
        Setting::Auto => (Api::Invites, true),
    }
}

/// Decision users-api-fallback: the answers that say the invites endpoints are gone,
/// by status: 410 or 406 anywhere; 404 on the collection path, unless its error code
/// names something the request referred to (`GROUP_NOT_FOUND`, `ORG_NOT_FOUND` …),
/// which a live endpoint answers. A 404 for one invitation id is an answer, not a sign.
pub fn gone(err: &Error, on_collection: bool) -> Option<u16> {
    match err {
        Error::Http {
            status: s @ (406 | 410),
            ..
        } => Some(*s),
        Error::Http {
            status: 404, code, ..
        } if on_collection && !(code.ends_with("_NOT_FOUND") && code != "RESOURCE_NOT_FOUND") => {
            Some(404)
        }
        _ => None,
    }
}

/// The invitation operations on `org_id` over `session`, through the API the
/// `invitations_api` setting chooses (an unknown value is an error).
pub fn open<'s>(session: &'s mut Session<'_>, org_id: &str) -> Result<Box<dyn Invitations + 's>> {
    Ok(Box::new(Backend::open(session, org_id)?))
}

/// The invitation operations on one organization, on the API the setting chooses.
pub struct Backend<'s, 'a> {
    session: &'s mut Session<'a>,
    org_id: String,
    api: Api,
    /// `auto` before the sunset: still on the invites endpoints, ready to move once.
    may_fall_back: bool,
}

impl<'s, 'a> Backend<'s, 'a> {
    pub fn open(session: &'s mut Session<'a>, org_id: &str) -> Result<Backend<'s, 'a>> {
        let setting = Setting::read(session.settings())?;
        let (api, may_fall_back) = choose(setting, session.now()?);
        Ok(Backend {
            session,
            org_id: org_id.to_string(),
            api,
            may_fall_back,
        })
    }

    /// Runs `op` on the current API. In `auto` before the sunset, a gone answer from
    /// the invites endpoints moves this and every later operation of the run to the
    /// users API, said once on stderr; `op` is then tried there once.
    fn run<T>(
        &mut self,
        on_collection: bool,
        op: impl Fn(&mut dyn Invitations) -> Result<T>,
    ) -> Result<T> {
        if self.api == Api::Users {
            return op(&mut Users::new(self.session, &self.org_id));
        }
        let result = op(&mut Invites::new(self.session, &self.org_id));
        let status = match &result {
            Err(e) if self.may_fall_back => gone(e, on_collection),
            _ => None,
        };
        let Some(status) = status else {
            return result;
        };
        self.session.note(&Note::FellBackToUsers {
            status,
            env_name: self.session.settings().env_name(SETTING),
        });
        self.api = Api::Users;
        self.may_fall_back = false;
        op(&mut Users::new(self.session, &self.org_id))
    }
}

impl Invitations for Backend<'_, '_> {
    fn preview(&self, call: Call) -> Vec<Request> {
        match self.api {
            Api::Invites => invites::preview(&self.org_id, call),
            Api::Users => users::preview(&self.org_id, call),
        }
    }

    fn notes(&self, call: Call) -> Vec<Note> {
        match self.api {
            Api::Invites => Vec::new(),
            Api::Users => users::preview_notes(call),
        }
    }

    fn prepare(&mut self, call: Call) -> Result<()> {
        // Only connects (no request is sent), so there is nothing to fall back from.
        match self.api {
            Api::Invites => Invites::new(self.session, &self.org_id).prepare(call),
            Api::Users => Users::new(self.session, &self.org_id).prepare(call),
        }
    }

    fn create(&mut self, request: &InvitationRequest) -> Result<Option<Invitation>> {
        self.run(true, |api| api.create(request))
    }

    fn list(&mut self, username: &str) -> Result<Option<Vec<Invitation>>> {
        self.run(true, |api| api.list(username))
    }

    fn get(&mut self, id: &str) -> Result<Option<Invitation>> {
        self.run(false, |api| api.get(id))
    }

    fn update(
        &mut self,
        target: UpdateTarget,
        request: &InvitationRequest,
    ) -> Result<Option<Invitation>> {
        // By email, the invites endpoint is the collection path.
        let on_collection = matches!(target, UpdateTarget::Email);
        self.run(on_collection, |api| api.update(target, request))
    }

    fn delete(&mut self, id: &str) -> Result<()> {
        self.run(false, |api| api.delete(id))
    }

    fn pending_usernames(&mut self) -> Result<Option<HashSet<String>>> {
        self.run(true, |api| api.pending_usernames())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn http(status: u16, code: &str) -> Error {
        Error::Http {
            status,
            code: code.into(),
            message: String::new(),
        }
    }

    #[test]
    fn the_sunset_switches_auto_only() {
        assert_eq!(choose(Setting::Auto, SUNSET_UNIX - 1), (Api::Invites, true));
        assert_eq!(choose(Setting::Auto, SUNSET_UNIX), (Api::Users, false));
        assert_eq!(
            choose(Setting::Invites, SUNSET_UNIX + 1),
            (Api::Invites, false)
        );
        assert_eq!(choose(Setting::Users, 0), (Api::Users, false));
    }

    #[test]
    fn gone_answers_by_status_and_path() {
        assert_eq!(gone(&http(410, ""), false), Some(410));
        assert_eq!(gone(&http(406, "INVALID_VERSION_DATE"), false), Some(406));
        assert_eq!(gone(&http(404, "RESOURCE_NOT_FOUND"), true), Some(404));
        assert_eq!(gone(&http(404, ""), true), Some(404));
        assert_eq!(gone(&http(404, "RESOURCE_NOT_FOUND"), false), None);
        assert_eq!(gone(&http(404, "GROUP_NOT_FOUND"), true), None);
        assert_eq!(gone(&http(400, ""), true), None);
        assert_eq!(gone(&Error::Api("HTTP 410".into()), true), None);
    }
}
