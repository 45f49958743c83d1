//! Grading: a scenario and a choice give a verdict, points and feedback.

use crate::model::{Choice, Scenario, Verdict};

/// The points of a SAFE answer, the most one scenario can earn.
pub const MAX_POINTS: u32 = 100;

/// The points a verdict earns.
pub fn points_for(verdict: Verdict) -> u32 {
    match verdict {
        Verdict::Safe => MAX_POINTS,
        Verdict::Partial => 50,
        Verdict::Unsafe => 10,
    }
}

/// The graded answer to one scenario.
#[derive(Debug, Clone, Copy)]
pub struct Grade<'a> {
    /// The scenario answered.
    pub scenario: &'a Scenario,
    /// The choice the player picked.
    pub choice: &'a Choice,
    /// The points it earns.
    pub points: u32,
}

impl Grade<'_> {
    /// The picked choice's verdict.
    pub fn verdict(&self) -> Verdict {
        self.choice.verdict
    }

    /// The SAFE choice the player should learn from.
    pub fn best_choice(&self) -> &Choice {
        self.scenario.best_choice()
    }
}

/// Grades a choice; `None` when the scenario has no such choice.
pub fn grade<'a>(scenario: &'a Scenario, choice_id: &str) -> Option<Grade<'a>> {
    let choice = scenario.choice(choice_id)?;
    Some(Grade {
        scenario,
        choice,
        points: points_for(choice.verdict),
    })
}
