#pragma once

namespace Ferry {

// The wizard's pages in their order. QWizard's page ids; also used by tests to
// drive the wizard page by page.
enum PageId : int {
    StartPageId,
    SourcePageId,
    VmsPageId,
    TargetPageId,
    TuningPageId,
    SummaryPageId,
    ProgressPageId,
    DonePageId,
};

} // namespace Ferry
