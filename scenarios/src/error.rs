//! Errors found while loading the content, each naming where it is.

use std::fmt;

/// One thing wrong with the content: the file, the scenario and the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentProblem {
    /// The content file, relative to the `scenarios` crate.
    pub file: String,
    /// The scenario's id, or `#N` (1-based) when it has no readable id.
    pub scenario: Option<String>,
    /// The field, as a path such as `choice[2].verdict`.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ContentProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(scenario) = &self.scenario {
            write!(f, ": scenario `{scenario}`")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem found in the content; the bank loads only when there are none.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ContentError {
    /// The problems, in file order.
    pub problems: Vec<ContentProblem>,
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "the scenario content is invalid:")?;
        for problem in &self.problems {
            writeln!(f, "  - {problem}")?;
        }
        Ok(())
    }
}
