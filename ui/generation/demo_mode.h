#pragma once

#include "util/result.h"

#include <QCoreApplication>
#include <QString>

#include <memory>
#include <string>

class QTemporaryDir;

namespace scriptorium::sim {
class SimServer;
}

namespace scriptorium::ui {

class MainWindow;

/// `scriptorium --demo`: the embedded OpenRouter simulator on loopback, a temporary library
/// with a sample book, and the window pointed at both and labelled as a simulation. No key and
/// no network are needed; nothing outside the temporary directory is written (the library is
/// deleted with this object). Owns the simulator's threads: destroy it after the window.
/// GUI thread.
class DemoMode {
    Q_DECLARE_TR_FUNCTIONS(DemoMode)

public:
    struct Options {
        double timeScale = 0.2; ///< simulated delays × this (1 = real OpenRouter pacing)
        std::string market = "default";
        bool chinese = false; ///< the sample book in Chinese
    };

    /// Starts the simulator and creates the temporary directory. Errors: Io (port, directory),
    /// the market's errors.
    static Result<std::unique_ptr<DemoMode>> start(Options options);
    ~DemoMode();
    DemoMode(const DemoMode &) = delete;
    DemoMode &operator=(const DemoMode &) = delete;

    QString baseUrl() const;
    QString libraryPath() const;
    /// The key the demo sends; the simulator's default market accepts it.
    static QString apiKey() { return QStringLiteral("sk-sim-demo"); }
    sim::SimServer &server() { return *m_server; }

    /// Opens the demo library (with the sample book, opening its first chapter) in `window`,
    /// points generation at the simulator and labels the title and status bar "simulation".
    /// Returns a message for people on failure, empty on success.
    QString attach(MainWindow &window);

private:
    DemoMode() = default;

    Options m_options;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<sim::SimServer> m_server;
};

} // namespace scriptorium::ui
