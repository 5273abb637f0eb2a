#include "ui/dashboard/routing_log_model.h"

#include <chrono>

#include <QDateTime>
#include <QStringList>

namespace scriptorium::ui {

namespace {

QString q(const std::string &s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

QString wallTime(Clock::TimePoint at, Clock::TimePoint now, qint64 wallNowMs)
{
    const auto age = std::chrono::duration_cast<std::chrono::milliseconds>(now - at).count();
    return QDateTime::fromMSecsSinceEpoch(wallNowMs - age).toString(QStringLiteral("HH:mm:ss"));
}

/// Whether `rows` (newest first) already show `entries` (newest last): the logs only grow at
/// the new end and drop at the old one, so the count and both ends tell.
template<typename Row, typename Entry, typename Same>
bool unchanged(const QList<Row> &rows, const std::vector<Entry> &entries, Same same)
{
    if (static_cast<std::size_t>(rows.size()) != entries.size())
        return false;
    if (entries.empty())
        return true;
    return rows.front().at == entries.back().at && rows.back().at == entries.front().at
        && same(rows.front().entry, entries.back());
}

} // namespace

RoutingDecisionsModel::RoutingDecisionsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void RoutingDecisionsModel::setDecisions(const std::vector<routing::DecisionLogEntry> &entries,
                                         Clock::TimePoint now, qint64 wallNowMs)
{
    const auto same = [](const routing::DecisionLogEntry &a, const routing::DecisionLogEntry &b) {
        return a.model == b.model && a.decision.order == b.decision.order
            && a.decision.reason == b.decision.reason;
    };
    if (unchanged(m_rows, entries, same))
        return;
    beginResetModel();
    m_rows.clear();
    for (auto it = entries.rbegin(); it != entries.rend(); ++it)
        m_rows.append({it->at, wallTime(it->at, now, wallNowMs), *it});
    endResetModel();
}

int RoutingDecisionsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int RoutingDecisionsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RoutingDecisionsModel::reasonText(const routing::RoutingDecision &decision) const
{
    QStringList parts;
    if (!decision.reason.empty())
        parts << q(decision.reason);
    if (decision.explored)
        parts << tr("exploring");
    if (decision.probe)
        parts << tr("probing a cooled-down endpoint");
    if (decision.skipStep)
        parts << tr("no endpoint usable at this precision: degrading");
    return parts.join(QStringLiteral(" · "));
}

QVariant RoutingDecisionsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Row &row = m_rows[index.row()];
    const routing::RoutingDecision &d = row.entry.decision;
    if (role == Qt::ToolTipRole && index.column() == Order && !d.ignore.empty()) {
        QStringList ignored;
        for (const std::string &tag : d.ignore)
            ignored << q(tag);
        return tr("Ignored while cooling down: %1").arg(ignored.join(QStringLiteral(", ")));
    }
    if (role == Qt::ToolTipRole && index.column() == Reason)
        return reasonText(d);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Time:
        return row.time;
    case Model:
        return q(row.entry.model);
    case Order: {
        if (d.order.empty())
            return d.useConfigOrder ? tr("the config's order") : QStringLiteral("–");
        QStringList order;
        for (const std::string &tag : d.order)
            order << q(tag);
        return order.join(QStringLiteral(" → "));
    }
    case Reason:
        return reasonText(d);
    default:
        return {};
    }
}

QVariant RoutingDecisionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Model:
        return tr("Model");
    case Order:
        return tr("Order sent");
    case Reason:
        return tr("Reason");
    default:
        return {};
    }
}

RoutingFallbacksModel::RoutingFallbacksModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void RoutingFallbacksModel::setFallbacks(const std::vector<routing::FallbackLogEntry> &entries,
                                         Clock::TimePoint now, qint64 wallNowMs)
{
    const auto same = [](const routing::FallbackLogEntry &a, const routing::FallbackLogEntry &b) {
        return a.model == b.model && a.attempt == b.attempt && a.servedBy == b.servedBy;
    };
    if (unchanged(m_rows, entries, same))
        return;
    beginResetModel();
    m_rows.clear();
    for (auto it = entries.rbegin(); it != entries.rend(); ++it)
        m_rows.append({it->at, wallTime(it->at, now, wallNowMs), *it});
    endResetModel();
}

int RoutingFallbacksModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int RoutingFallbacksModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RoutingFallbacksModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Row &row = m_rows[index.row()];
    const routing::InternalAttempt &a = row.entry.attempt;
    if (role == Qt::TextAlignmentRole)
        return index.column() == Status || index.column() == Latency
            ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
            : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Time:
        return row.time;
    case Model:
        return q(row.entry.model);
    case Endpoint:
        if (a.endpointTag.empty())
            return q(a.providerName);
        return tr("%1 (%2)").arg(q(a.providerName), q(a.endpointTag));
    case Status:
        return a.status > 0 ? QString::number(a.status) : QStringLiteral("–");
    case Latency:
        return a.latencyMs ? tr("%1 ms").arg(QString::number(*a.latencyMs, 'f', 0))
                           : QStringLiteral("–");
    case ServedBy:
        return row.entry.servedBy.empty() ? QStringLiteral("–") : q(row.entry.servedBy);
    default:
        return {};
    }
}

QVariant RoutingFallbacksModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Model:
        return tr("Model");
    case Endpoint:
        return tr("Provider (endpoint)");
    case Status:
        return tr("HTTP status");
    case Latency:
        return tr("Latency");
    case ServedBy:
        return tr("Served by");
    default:
        return {};
    }
}

} // namespace scriptorium::ui
