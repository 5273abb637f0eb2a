#include "ui/dashboard/routing_estimates_model.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <QBrush>
#include <QColor>

namespace scriptorium::ui {

namespace {

using CircuitState = routing::EndpointEstimate::Circuit;

QString q(const std::string &s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

/// A spread of logarithms as the ± percentage it stands for (one standard deviation).
double spreadPercent(double logSpread)
{
    return (std::exp(logSpread) - 1.0) * 100.0;
}

QString percent(double share)
{
    return QString::number(share * 100.0, 'f', 1) + QStringLiteral(" %");
}

} // namespace

RoutingEstimatesModel::RoutingEstimatesModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void RoutingEstimatesModel::setEstimates(std::vector<routing::EndpointEstimate> estimates,
                                         Clock::TimePoint now)
{
    std::ranges::sort(estimates, [](const auto &a, const auto &b) { return a.key < b.key; });
    std::int64_t served = 0;
    for (const routing::EndpointEstimate &e : estimates)
        served += e.requestsServed;
    const bool sameRows = std::ranges::equal(
        estimates, m_rows, [](const auto &a, const auto &b) { return a.key == b.key; });
    if (!sameRows) {
        beginResetModel();
        m_rows = std::move(estimates);
        m_now = now;
        m_served = served;
        endResetModel();
        return;
    }
    m_rows = std::move(estimates);
    m_now = now;
    m_served = served;
    if (!m_rows.empty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

std::optional<double> RoutingEstimatesModel::trafficShare(int row) const
{
    if (row < 0 || row >= rowCount() || m_served <= 0)
        return std::nullopt;
    return static_cast<double>(m_rows[static_cast<std::size_t>(row)].requestsServed)
        / static_cast<double>(m_served);
}

std::optional<qint64> RoutingEstimatesModel::cooldownSecondsLeft(int row) const
{
    if (row < 0 || row >= rowCount())
        return std::nullopt;
    const routing::EndpointEstimate &e = m_rows[static_cast<std::size_t>(row)];
    if (e.circuit != CircuitState::Open || !e.cooldownUntil)
        return std::nullopt;
    const auto left = std::chrono::ceil<std::chrono::seconds>(*e.cooldownUntil - m_now);
    return std::max<qint64>(0, left.count());
}

int RoutingEstimatesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int RoutingEstimatesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RoutingEstimatesModel::circuitText(int row) const
{
    const routing::EndpointEstimate &e = m_rows[static_cast<std::size_t>(row)];
    switch (e.circuit) {
    case CircuitState::Closed:
        return tr("OK");
    case CircuitState::HalfOpen:
        return tr("probing");
    case CircuitState::Open:
        if (auto left = cooldownSecondsLeft(row))
            return tr("cooling down, %1 s left").arg(*left);
        return tr("cooling down");
    }
    return {};
}

QString RoutingEstimatesModel::text(const routing::EndpointEstimate &e, int row, int column) const
{
    switch (column) {
    case Endpoint:
        return q(e.key.tag());
    case Precision:
        return q(e.key.quantization);
    case Ttft:
        if (e.ttftMs <= 0)
            return QStringLiteral("–");
        if (e.ttftSpread <= 0)
            return tr("%1 ms").arg(QString::number(e.ttftMs, 'f', 0));
        return tr("%1 ms ± %2 %")
            .arg(QString::number(e.ttftMs, 'f', 0),
                 QString::number(spreadPercent(e.ttftSpread), 'f', 0));
    case Decode:
        if (e.decodeTokensPerSecond <= 0)
            return QStringLiteral("–");
        if (e.decodeSpread <= 0)
            return tr("%1 tok/s").arg(QString::number(e.decodeTokensPerSecond, 'f', 1));
        return tr("%1 tok/s ± %2 %")
            .arg(QString::number(e.decodeTokensPerSecond, 'f', 1),
                 QString::number(spreadPercent(e.decodeSpread), 'f', 0));
    case FailureBeforeFirstToken:
        return percent(e.failureProbability);
    case FailureMidStream:
        return percent(e.midStreamFailureProbability);
    case PriceRatio:
        return QStringLiteral("×") + QString::number(e.priceRatio, 'f', 2);
    case Samples:
        return e.primedFromCatalog ? tr("%1 + catalog").arg(QString::number(e.samples, 'f', 1))
                                   : QString::number(e.samples, 'f', 1);
    case Circuit:
        return circuitText(row);
    case TrafficShare:
        if (auto share = trafficShare(row))
            return tr("%1 (%2 requests)").arg(percent(*share)).arg(e.requestsServed);
        return QStringLiteral("–");
    }
    return {};
}

QVariant RoutingEstimatesModel::sortValue(const routing::EndpointEstimate &e, int row,
                                          int column) const
{
    switch (column) {
    case Endpoint:
    case Precision:
        return text(e, row, column);
    case Ttft:
        return e.ttftMs;
    case Decode:
        return e.decodeTokensPerSecond;
    case FailureBeforeFirstToken:
        return e.failureProbability;
    case FailureMidStream:
        return e.midStreamFailureProbability;
    case PriceRatio:
        return e.priceRatio;
    case Samples:
        return e.samples;
    case Circuit:
        return static_cast<double>(e.circuit);
    case TrafficShare:
        return trafficShare(row).value_or(0);
    }
    return {};
}

QVariant RoutingEstimatesModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount)
        return {};
    const routing::EndpointEstimate &e = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return text(e, index.row(), index.column());
    case kSortRole:
        return sortValue(e, index.row(), index.column());
    case Qt::TextAlignmentRole:
        return index.column() <= Precision || index.column() == Circuit
            ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
            : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::BackgroundRole:
        // Cooling endpoints get no traffic but the probe: the row says so at a glance.
        if (e.circuit == CircuitState::Open)
            return QBrush(QColor(255, 224, 178));
        return {};
    case Qt::ToolTipRole:
        if (index.column() == Endpoint)
            return tr("%1 at %2; last measured %3")
                .arg(q(e.key.model), q(e.key.quantization),
                     e.lastObserved ? tr("%1 s ago")
                                          .arg(std::chrono::duration_cast<std::chrono::seconds>(
                                                   m_now - *e.lastObserved)
                                                   .count())
                                    : tr("never (catalog figures only)"));
        if (index.column() == Circuit && e.consecutiveFailures > 0)
            return tr("%n failure(s) in a row", nullptr, e.consecutiveFailures);
        return {};
    default:
        return {};
    }
}

QVariant RoutingEstimatesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Ttft:
            return tr("Time to first token: decayed geometric mean ± one standard deviation");
        case Decode:
            return tr("Decode speed after the first token: decayed geometric mean ± one "
                      "standard deviation");
        case FailureBeforeFirstToken:
            return tr("Chance that a request fails before any text arrives");
        case FailureMidStream:
            return tr("Chance that the stream breaks after text arrived");
        case PriceRatio:
            return tr("Billed cost divided by what the catalog price predicts (×1.00 = as "
                      "listed)");
        case Samples:
            return tr("Decayed weight of the measurements (older ones count less); "
                      "\"catalog\": primed from OpenRouter's figures");
        case TrafficShare:
            return tr("Share of this model's requests this endpoint served since start");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Endpoint:
        return tr("Endpoint");
    case Precision:
        return tr("Precision");
    case Ttft:
        return tr("TTFT");
    case Decode:
        return tr("Decode");
    case FailureBeforeFirstToken:
        return tr("Fails before text");
    case FailureMidStream:
        return tr("Fails mid-stream");
    case PriceRatio:
        return tr("Price ratio");
    case Samples:
        return tr("Samples");
    case Circuit:
        return tr("Circuit");
    case TrafficShare:
        return tr("Traffic share");
    default:
        return {};
    }
}

} // namespace scriptorium::ui
