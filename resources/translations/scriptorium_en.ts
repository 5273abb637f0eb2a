<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>DemoMode</name>
    <message>
        <source>Scriptorium (simulation)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ErrorMessages</name>
    <message>
        <source>This cannot be done as asked: something it needs is missing or cannot be used here (an open chapter, a selection, a name, the right kind of file). Check it and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some text could not be read: a file, a setting or an answer is not in the expected format. Check the file or setting and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading or writing a file failed: check that the disk or folder is available, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The disk is full, so this was not saved: free some space and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file or its folder is read-only, so nothing was written: make it writable, or choose another location or a copy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It could not be found: the file, folder, book or chapter may have been moved or deleted. Check it, or choose another.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This clashes with a change made meanwhile: reload and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The library is in use by another Scriptorium window or scriptorium-cli command: close it there, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is damaged and was not changed: restore the library&apos;s latest backup, or a copy from elsewhere.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file was written by a newer version of Scriptorium and was left untouched: update Scriptorium to open it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This version of Scriptorium cannot do that: update Scriptorium, or choose another option.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is larger than Scriptorium allows here: shorten or split it, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The routing settings are invalid: fix the routing preset.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The API key was rejected: check it in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Out of credits: add credits or lower max tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request was refused by moderation: rephrase the outline or the prompt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No provider serves this model with the routing rules in force: choose another model or allow more precisions in the routing preset.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenRouter does not know this model: pick another one in the model list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider is rate-limiting requests: wait a minute and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider failed to answer: try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider stopped in the middle of its answer: try again, or choose another model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider took too long to answer: try again or choose another model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not reach OpenRouter: check the network and the base URL in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled: what was already done is kept; start it again when you are ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This generation would exceed the budget: raise the budget or lower max tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scriptorium stopped before this generation finished (it was closed or crashed): the text received so far is kept; open the chapter to accept or discard it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong inside Scriptorium (a bug): try again; if it keeps happening, report it with the details.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It belongs to another program and was left untouched: choose a Scriptorium library, or a new file name to start one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is damaged or is not a Scriptorium library, and was not changed: choose another file, or restore the library&apos;s latest backup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The library %1 could not be opened. %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GenerationMessages</name>
    <message>
        <source>The prompt is too long for this model: shorten the outline or lower the prompt budget.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider stopped in the middle of the text: the partial draft is kept; accept it and use Continue, or try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped. The partial draft is kept: accept or discard it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request is incomplete: check the base URL and the model in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>another precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an unknown provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenRouter has no fp8 provider for this model; generated at %1 by %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (degraded)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LibraryUpgrade</name>
    <message>
        <source>Upgrading the library %1 for this version of Scriptorium…
This happens once; a large library can take a minute.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upgrading the library</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WritingGoalsDialog</name>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Write novels with language models.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Library file to open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Library not opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My first novel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chapter One</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try Scriptorium offline: a simulated OpenRouter on this computer and a sample book (nothing is kept).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo not started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The offline demo could not start: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::AnalysisDialog</name>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message>
        <source>Analyse Book</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reads “%1” in chunks of whole chapters and derives what continuing it needs: a summary and the characters&apos; states for every chapter, and story bible entries with the chapter each comes from, which wait for your review in the Story Bible panel. This is paid; the price is shown before anything is sent. A stopped analysis resumes where it ended.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No cap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spending cap:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analyse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading chapters %1–%2 (request %3 of %4)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The analysis stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The price could not be computed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing the price…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every chapter is analysed. Review the derived entries in the Story Bible panel, then continue the book.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This book has no chapters with text to analyse.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Reading %n chapter(s)</source>
        <translation>
            <numerusform>Reading %n chapter</numerusform>
            <numerusform>Reading %n chapters</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>in %n request(s) costs about %1 (between %2 and %3) and takes about %4.</source>
        <translation>
            <numerusform>in %n request costs about %1 (between %2 and %3) and takes about %4.</numerusform>
            <numerusform>in %n requests costs about %1 (between %2 and %3) and takes about %4.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n chapter(s) already analysed are skipped.</source>
        <translation>
            <numerusform>%n chapter already analysed is skipped.</numerusform>
            <numerusform>%n chapters already analysed are skipped.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n chapter(s) are longer than the model&apos;s context and are read cut.</source>
        <translation>
            <numerusform>%n chapter is longer than the model&apos;s context and is read cut.</numerusform>
            <numerusform>%n chapters are longer than the model&apos;s context and are read cut.</numerusform>
        </translation>
    </message>
    <message>
        <source>Analysing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n chapter(s) analysed</source>
        <translation>
            <numerusform>%n chapter analysed</numerusform>
            <numerusform>%n chapters analysed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n new story bible entries), %1 spent.</source>
        <translation>
            <numerusform>(%n new story bible entry), %1 spent.</numerusform>
            <numerusform>(%n new story bible entries), %1 spent.</numerusform>
        </translation>
    </message>
    <message>
        <source>The spending cap stopped it between requests; what was read is kept. Raise the cap and analyse again to resume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It stopped before the end; what was read is kept. Analyse again to resume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review the new entries in the Story Bible panel.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::AskPanel</name>
    <message>
        <source>When did Mara last see the ledger?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Look Up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The question is answered from the book&apos;s own text: the chapters the library&apos;s search finds, and the story bible. The price is shown before anything is sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where it says so (double-click to open):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No chapter mentions what the question names; rephrase it with a name or a thing from the book. Nothing was sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passages from chapters %1. Asking costs about %2 (between %3 and %4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chapter %1: “%2”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (not found in the chapter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answered for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Busy with another reading of the book; try again when it ends.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a book in the library first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking the question up…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::AuditBridge</name>
    <message>
        <source>The question names nothing to look for in the book: name a character, a place or a thing.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::AuditDialog</name>
    <message>
        <source>Continuity Audit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checks each chapter of “%1” against the story bible, the character states and the earlier chapters&apos; summaries, with a quote from each side. This is a paid request per chapter; the price is shown before anything is sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chapters:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show Findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Chapter %1 audited: %n finding(s), %2.</source>
        <translation>
            <numerusform>Chapter %1 audited: %n finding, %2.</numerusform>
            <numerusform>Chapter %1 audited: %n findings, %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n chapter(s) audited.</source>
        <translation>
            <numerusform>%n chapter audited.</numerusform>
            <numerusform>%n chapters audited.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n finding(s), %1 spent.</source>
        <translation>
            <numerusform>%n finding, %1 spent.</numerusform>
            <numerusform>%n findings, %1 spent.</numerusform>
        </translation>
    </message>
    <message>
        <source>The audit stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The price could not be computed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing the price…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These chapters have no text to audit yet: draft them first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Auditing %n chapter(s) costs about %1 (between %2 and %3).</source>
        <translation>
            <numerusform>Auditing %n chapter costs about %1 (between %2 and %3).</numerusform>
            <numerusform>Auditing %n chapters costs about %1 (between %2 and %3).</numerusform>
        </translation>
    </message>
    <message>
        <source>Auditing…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::BatchChapterList</name>
    <message>
        <source>Chapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%p% · %1 tok/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>drafting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>drafted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>finalizing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::BatchPanel</name>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chapters:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sequential</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parallel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sequential drafts and finishes each chapter before the next. Parallel drafts several chapters at once from their outlines.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Concurrency:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The batch pauses before a request that could exceed this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Budget:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A batch of chapters %1–%2 is unfinished (%3 of %4 done).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a book with outlined chapters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forecast: reading prices…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>from this book&apos;s history (%n chapter(s))</source>
        <translation>
            <numerusform>from this book&apos;s history (%n chapter(s))</numerusform>
            <numerusform>from this book&apos;s history (%n chapter(s))</numerusform>
        </translation>
    </message>
    <message>
        <source>from catalog prices</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Forecast for %n chapter(s): %1–%2 (about %3), %4–%5 (about %6), %7.</source>
        <translation>
            <numerusform>Forecast for %n chapter(s): %1–%2 (about %3), %4–%5 (about %6), %7.</numerusform>
            <numerusform>Forecast for %n chapter(s): %1–%2 (about %3), %4–%5 (about %6), %7.</numerusform>
        </translation>
    </message>
    <message>
        <source>That is more than the budget: the batch will pause when the budget runs out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done %1 · failed %2 · remaining %3 · spent %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a book with outlined chapters first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A batch is already running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pausing: the chapters being written finish first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The open chapter was drafted while it had unsaved edits: your text stays in the editor, and the drafted text is kept in its revisions when yours is saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>All %n chapter(s) are done.</source>
        <translation>
            <numerusform>All %n chapter(s) are done.</numerusform>
            <numerusform>All %n chapter(s) are done.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n chapter(s) failed: the reasons are in the list; Retry failed runs them again.</source>
        <translation>
            <numerusform>%n chapter(s) failed: the reasons are in the list; Retry failed runs them again.</numerusform>
            <numerusform>%n chapter(s) failed: the reasons are in the list; Retry failed runs them again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled: %n chapter(s) were not generated.</source>
        <translation>
            <numerusform>Cancelled: %n chapter(s) were not generated.</numerusform>
            <numerusform>Cancelled: %n chapter(s) were not generated.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Paused with %n chapter(s) left: Resume continues where it stopped.</source>
        <translation>
            <numerusform>Paused with %n chapter(s) left: Resume continues where it stopped.</numerusform>
            <numerusform>Paused with %n chapter(s) left: Resume continues where it stopped.</numerusform>
        </translation>
    </message>
    <message>
        <source>Forecast: add your OpenRouter API key in Settings first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop offering this batch. Chapters it already wrote keep their text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The unfinished batch was discarded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>balanced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Routing saves %1 (%2 %) against the speed objective, expected %3 % slower (%4 instead of %5 at catalog prices).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2): %3 at %4 instead of %5 at %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The routing preset %1 could not be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::BeatList</name>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a beat after the selected one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the selected beat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move the selected beat up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move the selected beat down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft at cursor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft the selected beat into the chapter at the editor&apos;s cursor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What happens in this scene, in a line or two.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Beat:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>POV:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Location:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>POV: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Location: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New beat</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::BiblePanel</name>
    <message>
        <source>Characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Places</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Style notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the book is about, in a few sentences.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voice, tense, point of view, words to avoid…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Premise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Style guide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Book</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other names, separated by commas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aliases:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use this entry in prompts from now on</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n entries from the analysis wait for review: prompts use them once accepted.</source>
        <translation>
            <numerusform>%n entry from the analysis waits for review: prompts use it once accepted.</numerusform>
            <numerusform>%n entries from the analysis wait for review: prompts use them once accepted.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (to review)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From chapter %1 · to review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From chapter %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To review</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::CostLedgerModel</name>
    <message>
        <source>(no book)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n character(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n word(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Book</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost USD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>USD per 1,000</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::DashboardCharts</name>
    <message>
        <source>Cost by book</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost by chapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost by stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time to first token (share of requests)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1–%2 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>≥ %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>% of requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cumulative cost (USD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>USD</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::DashboardWindow</name>
    <message>
        <source>Provider Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The statistics could not be read: %1. Check that the library file is still there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live (15 min)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>24 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All books</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All precisions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Range:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Book:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Precision:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Charts…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Routing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the routing editor to reorder providers and set precisions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Providers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost Ledger</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh Balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Updated %1 · %n generation(s) running</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be written: %2. Choose another folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Charts to Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only %1 of %2 charts could be written to %3. Check that the folder is writable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance: asking OpenRouter…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance unavailable: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>used %1 USD today, %2 this month, %3 in all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance: %1 of %2 USD left; %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance: no limit on this key; %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Routing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Findings of the local quality checks per 10,000 output tokens; intervals are exact 95 % Poisson intervals. Intentional findings are not counted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quality</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::EndpointScatter</name>
    <message>
        <source>One point per provider × model × precision; a larger point had more requests. A square writes clearly worse: its finding-rate interval lies wholly above that of the model&apos;s median endpoint. The line joins the endpoints no other endpoint beats on both speed and price.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoints: speed against price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decode tokens/s (p50)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>USD per million output tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pareto frontier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 · %3
Decode: %4 tokens/s
Price: %5 USD per million output tokens
Requests: %6
Findings per 10,000 output tokens: %7</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fp4 / int4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fp8 / int8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fp16 / bf16</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other / unknown</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::ExportDialog</name>
    <message>
        <source>Export “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EPUB e-book</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Markdown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plain text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save as:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose where to save the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The book was not exported to %1. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Word manuscript (standard manuscript format)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF, ready to print (A5 book pages)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::FindBar</name>
    <message>
        <source>Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Match case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whole words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This chapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whole book</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrapped around</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n replaced</source>
        <translation>
            <numerusform>%n replaced</numerusform>
            <numerusform>%n replaced</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::FindingsDialog</name>
    <message>
        <source>Repetition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language drift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cut off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meta text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Broken structure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continuity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quality Findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quote</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What it says</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Written by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show findings marked intentional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open in Editor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark Intentional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (audit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>major</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>minor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reference: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (degraded)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>intentional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No findings in this book.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n finding(s). Select one to open it in the editor or to mark it intentional: an intentional finding is hidden and does not come back when the chapter is regenerated.</source>
        <translation>
            <numerusform>%n finding. Select one to open it in the editor or to mark it intentional: an intentional finding is hidden and does not come back when the chapter is regenerated.</numerusform>
            <numerusform>%n findings. Select one to open it in the editor or to mark it intentional: an intentional finding is hidden and does not come back when the chapter is regenerated.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not Intentional</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::FirstRunDialog</name>
    <message>
        <source>Welcome to Scriptorium</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Welcome&lt;/h3&gt;&lt;p&gt;Scriptorium generates chapters through OpenRouter. Enter your OpenRouter API key to write with real models, or try the offline demo, which runs a simulated OpenRouter on this computer and costs nothing.&lt;/p&gt;&lt;p&gt;The key is kept in the %1, never in a settings file or your library. You can also set the OPENROUTER_API_KEY environment variable.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenRouter API key (sk-or-…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Use this key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try the offline &amp;demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste a key first, or choose the offline demo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving the key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key could not be stored (%1). Set OPENROUTER_API_KEY instead, or try again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::GenerationPanel</name>
    <message>
        <source>&amp;Draft Chapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Continue Chapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rewrite Selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Expand Selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Stop Generation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Accept Draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D&amp;iscard Draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Routing:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview the prompt before sending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The generated text appears here as it streams.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default (fp8 first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The routing preset %1 could not be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A generation is running: stop it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chapter could not be saved; generating anyway.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generating…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done: accept the draft to put it in the chapter, or discard it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected passage was changed meanwhile: copy the draft by hand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The library was closed: the draft cannot be accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accepted. The previous text is kept in Revisions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SIMULATION</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TTFT %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not offered by %2; using %3 instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the simulator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenRouter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recovered from a generation that was interrupted (the window closed or the computer stopped): accept it into the chapter or discard it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decode %1 tok/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>end-to-end %1 tok/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>≈%1 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a chapter first: generation writes into the open chapter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no text to continue yet: write a few lines or use Draft.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the passage to rewrite or expand first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::KeychainSecretStore</name>
    <message>
        <source>system keychain</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::LengthIndicator</name>
    <message numerus="yes">
        <source>%Ln character(s)</source>
        <translation>
            <numerusform>%Ln character</numerusform>
            <numerusform>%Ln characters</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln word(s)</source>
        <translation>
            <numerusform>%Ln word</numerusform>
            <numerusform>%Ln words</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %L2 (%3%)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::LibraryTree</name>
    <message>
        <source>%L1 / %L2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Planned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drafted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Final</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chapter %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trash (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Untitled chapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n chapter(s)</source>
        <translation>
            <numerusform>%n chapter</numerusform>
            <numerusform>%n chapters</numerusform>
        </translation>
    </message>
    <message>
        <source>Length in characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Length in words</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::MainWindow</name>
    <message>
        <source>Open a chapter from the library, or start writing here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n replaced in the book</source>
        <translation>
            <numerusform>%n replaced in the book</numerusform>
            <numerusform>%n replaced in the book</numerusform>
        </translation>
    </message>
    <message>
        <source>Replacing in the book…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Story Bible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find &amp;Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find Pre&amp;vious</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Replace…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace in &amp;Book…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Focus Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Scriptorium</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved automatically when you pause typing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chapter could not be saved: %1

Quit anyway and lose the last edits?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Scriptorium</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Scriptorium %1&lt;/h3&gt;&lt;p&gt;Write novels with language models. Requests are routed through OpenRouter, preferring fp8-quantized providers, and every provider&apos;s speed and cost is measured.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New Library…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Library…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Searc&amp;h Library…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export Book…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Book</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New &amp;Book…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New book</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Untitled book</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New &amp;Chapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;name…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move Chapter to &amp;Trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore from Tr&amp;ash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete Book…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;visions…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Previous Chapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ne&amp;xt Chapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scriptorium libraries (*.scriptorium *.db)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already exists: use Open Library to open it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Library not created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scriptorium libraries (*.scriptorium *.db);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Library not opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No recent libraries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 Your text is still in the editor; it is saved again when you pause.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename chapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename book</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chapter moved to the trash; restore it from the book&apos;s Trash.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete book</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete “%1” with all its chapters, revisions and story bible? This cannot be undone; export it first if you may want it back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a chapter to see its revisions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revision restored; the replaced text is kept as a revision.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a book to export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chapter %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider &amp;Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Routing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was replaced: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continuity &amp;Audit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quality &amp;Findings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continuity Audit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a book in the library first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This book has no chapters to audit yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quality Findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The quote is no longer in the chapter; it was changed since it was checked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As&amp;k the Manuscript…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;nalyse Book…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Con&amp;tinue Book…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chapters %1–%2 are outlined (%3); start the batch to write them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue Book</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analyse Book</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An analysis is running; wait until it ends.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chapters to write after the last one (outlined now, then drafted as a batch):</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Outlining the next %n chapter(s)…</source>
        <translation>
            <numerusform>Outlining the next chapter…</numerusform>
            <numerusform>Outlining the next %n chapters…</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Writing Goals…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today %1 / %2 %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · session %1 / %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · session %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · streak %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Written today in this book: %1 by hand, %2 accepted from generations; %3 since this window opened the book. The streak counts the days in a row that met the daily goal. Set goals and see the history in Book → Writing Goals….</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing Goals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::MemorySecretStore</name>
    <message>
        <source>memory (not kept after quitting)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::OutlinePanel</name>
    <message>
        <source>no target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What happens in this chapter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What did happen: written after the chapter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where everyone is and what changed at the end.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scene beats</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::PromptPreviewDialog</name>
    <message>
        <source>Style guide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Story so far</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Character states</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Story bible entries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent chapter summaries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End of the previous chapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chapter outline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next chapter outline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Block</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Before trimming</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (dropped to fit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System prompt (editable):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User prompt (editable):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About %1 prompt tokens, up to %2 completion tokens with %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Estimated cost at most $%1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The price of this model is unknown (the model list is not loaded).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scene beats</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::ProviderMultiples</name>
    <message>
        <source>Decode tokens/s over time (p50)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No provider has decode speeds in this range.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::ProviderStatsModel</name>
    <message>
        <source>Slower than usual: %1 tokens/s against %2 over the previous 30 days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dearer than usual: %1 USD per million output tokens against %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More errors than usual: %1% against %2%. Consider moving this provider down in the routing order.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Success</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TTFT p50 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TTFT p90 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decode tok/s p50</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End-to-end tok/s p50</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost USD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>USD / M output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fallback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Degraded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Errors</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::QualityRatesModel</name>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Findings / 10k tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>95 % interval</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::RevisionsDialog</name>
    <message>
        <source>your edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>generation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revisions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replaced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replaced by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selected revision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Restore this revision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (degraded)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No revisions yet: a body is kept when a generation, import or restore replaces it, and every ten minutes while you write.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::RoutingDecisionsModel</name>
    <message>
        <source>exploring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>probing a cooled-down endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no endpoint usable at this precision: degrading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ignored while cooling down: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the config&apos;s order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::RoutingEditor</name>
    <message>
        <source>Load Endpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt USD/M</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completion USD/M</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click an endpoint to add its provider to the order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider order (drag to reorder)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allow other providers when these cannot serve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(OpenRouter&apos;s default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Throughput</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> USD/M</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sort:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Require precision:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Then degrade to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max prompt price:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max completion price:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Findings:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use Preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as Preset…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presets:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The endpoints could not be loaded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>healthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>degraded (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)
Fix: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preset name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preset not saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preset not loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All Stages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stages</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::RoutingEditorDialog</name>
    <message>
        <source>Routing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save with errors?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The routing has errors (see Findings); requests may fail. Save anyway?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Routing not saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be written: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::RoutingEstimatesModel</name>
    <message>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>probing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cooling down, %1 s left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cooling down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms ± %2 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tok/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tok/s ± %2 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 + catalog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 requests)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 at %2; last measured %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never (catalog figures only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n failure(s) in a row</source>
        <translation>
            <numerusform>%n failure in a row</numerusform>
            <numerusform>%n failures in a row</numerusform>
        </translation>
    </message>
    <message>
        <source>Time to first token: decayed geometric mean ± one standard deviation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decode speed after the first token: decayed geometric mean ± one standard deviation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chance that a request fails before any text arrives</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chance that the stream breaks after text arrived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Billed cost divided by what the catalog price predicts (×1.00 = as listed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decayed weight of the measurements (older ones count less); &quot;catalog&quot;: primed from OpenRouter&apos;s figures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share of this model&apos;s requests this endpoint served since start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TTFT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fails before text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fails mid-stream</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price ratio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Circuit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Traffic share</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::RoutingFallbacksModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider (endpoint)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Served by</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::RoutingView</name>
    <message>
        <source>Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last decisions (newest first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenRouter&apos;s internal fallbacks (newest first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Routing is static: every request carries the routing config&apos;s own provider order, so there are no estimates to show. Choose the adaptive strategy in the routing editor (Routing…) to see them here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 strategy keeps no estimates to show.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>balanced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No estimates yet: they appear after the first request, or once the library&apos;s recent attempts are read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Objective: %1 · exploration %2 %</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::SearchDialog</name>
    <message>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Words or names to find in chapters and the story bible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only this book</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chapter %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n match(es)</source>
        <translation>
            <numerusform>%n match</numerusform>
            <numerusform>%n matches</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenRouter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sk-or-…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the key from the %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generation defaults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default &amp;model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max &amp;tokens:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T&amp;emperature:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing and appearance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> pt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Editor &amp;font:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Line spacing:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new language takes effect after a restart. The theme follows the system.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 could not be read (%2). A key entered here is kept for this session only; or set OPENROUTER_API_KEY.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored in the %1, never in settings files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OPENROUTER_API_KEY is set and takes precedence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The base URL must start with https:// (or http:// for a local simulator).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SCRIPTORIUM_BASE_URL is set and takes precedence.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::StagePolicyEditor</name>
    <message>
        <source>Writing the story bible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outlining chapters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drafting a chapter (continuations follow it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continuing a draft that stopped short</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finalizing: summary, story so far and character states together</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chapter summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The story so far</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The character state sheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rewriting a selection (Generate dock)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expanding a selection (Generate dock)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A stage&apos;s settings replace the ones for all stages in its generations; unset fields are inherited.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove Stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(inherited)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Objective:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fp8 first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fastest acceptable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Precision:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Own acceptable precisions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> tok/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With the cost objective, endpoints expected slower than this come after every endpoint that meets it; 0 = no floor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speed floor (cost):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(inherited) e.g. novita, deepinfra/fp8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Providers or endpoint tags in order, separated by commas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider order:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Own required precisions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Own degrade-to precisions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No stage has its own settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drafting one scene beat at the cursor</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::StrategySettingsEditor</name>
    <message>
        <source>Provider order per request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adaptive (ranked from measurements)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Static (the order above)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strategy:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Objective:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share of requests that try an endpoint with few measurements first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exploration:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> failures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each failed probe doubles the cooldown, up to this</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>up to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cool down after:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fp8 first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fastest acceptable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Precision:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acceptable precisions:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> tok/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the preferred min throughput</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With the cost objective, endpoints expected slower than this come after every endpoint that meets it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speed floor (cost):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent to OpenRouter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The median (p50) OpenRouter should prefer; other percentiles in the file are kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only if the model&apos;s author allows distilling its output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preferred min throughput:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preferred max latency:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::WritingGoalsDialog</name>
    <message>
        <source>characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing Goals — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing Goals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Goals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily goal:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session goal:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Last %n day(s)</source>
        <translation>
            <numerusform>Last %n day</numerusform>
            <numerusform>Last %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 %2 in %n day(s) with writing: %3 by hand, %4 accepted.</source>
        <translation>
            <numerusform>%1 %2 in %n day with writing: %3 by hand, %4 accepted.</numerusform>
            <numerusform>%1 %2 in %n days with writing: %3 by hand, %4 accepted.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Goal met on %n day(s).</source>
        <translation>
            <numerusform>Goal met on %n day.</numerusform>
            <numerusform>Goal met on %n days.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Streak: %n day(s).</source>
        <translation>
            <numerusform>Streak: %n day.</numerusform>
            <numerusform>Streak: %n days.</numerusform>
        </translation>
    </message>
    <message>
        <source>Today: %1 of %2 %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today: %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This session: %1 of %2 %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This session: %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::WritingHistoryChart</name>
    <message>
        <source>Written per week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Written per day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accepted from generations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily goal × 7</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily goal</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
