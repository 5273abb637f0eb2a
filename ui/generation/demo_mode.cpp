#include "ui/generation/demo_mode.h"

#include "sim/sim_server.h"
#include "ui/batch/batch_panel.h"
#include "ui/dashboard/dashboard_launcher.h"
#include "ui/generation/generation_panel.h"
#include "ui/generation/sample_book.h"
#include "ui/library_session.h"
#include "ui/main_window.h"

#include <QDir>
#include <QGuiApplication>
#include <QTemporaryDir>

namespace scriptorium::ui {

Result<std::unique_ptr<DemoMode>> DemoMode::start(Options options)
{
    std::unique_ptr<DemoMode> demo(new DemoMode);
    demo->m_options = options;
    demo->m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath()
                                                  + QStringLiteral("/scriptorium-demo-XXXXXX"));
    if (!demo->m_dir->isValid())
        return fail(ErrorCode::Io, "Could not create a temporary directory for the demo.",
                    demo->m_dir->errorString().toStdString());
    sim::SimOptions sim;
    sim.market = options.market;
    sim.timeScale = options.timeScale;
    demo->m_server = std::make_unique<sim::SimServer>(sim);
    if (auto started = demo->m_server->start(); !started)
        return std::unexpected(started.error());
    return demo;
}

DemoMode::~DemoMode()
{
    if (m_server)
        m_server->stop();
}

QString DemoMode::baseUrl() const
{
    return QString::fromStdString(m_server->baseUrl());
}

QString DemoMode::libraryPath() const
{
    return m_dir->filePath(QStringLiteral("demo-library.db"));
}

QString DemoMode::attach(MainWindow &window)
{
    // The title is built from the display name, so every title the window sets says it.
    QGuiApplication::setApplicationDisplayName(tr("Scriptorium (simulation)"));
    if (Status opened = window.openLibraryFile(libraryPath()); !opened)
        return libraryOpenErrorText(libraryPath(), opened.error());
    LibrarySession *session = window.session();
    auto bookId = createSampleBook(session->database(), m_options.chinese);
    if (!bookId)
        return errorText(bookId.error());
    session->notifyChanged();
    window.generationPanel()->setConnection(baseUrl(), apiKey(), true);
    window.batchPanel()->setConnection(baseUrl(), apiKey());
    // The dashboard's balance and the routing editor's endpoints ask the simulator too.
    setDashboardConnection(&window, baseUrl(), apiKey());
    if (auto first = session->chapters().getAt(*bookId, 1))
        window.openChapter(first->id);
    return {};
}

} // namespace scriptorium::ui
