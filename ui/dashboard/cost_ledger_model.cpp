#include "ui/dashboard/cost_ledger_model.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <tuple>

namespace scriptorium::ui {

namespace {

using SliceKey = std::tuple<std::optional<std::int64_t>, std::optional<std::int64_t>, std::string>;

SliceKey keyOf(const store::CostSlice &s)
{
    return {s.bookId, s.chapterId, s.stage};
}

QString usd(double value)
{
    return QString::number(value, 'f', 4);
}

std::optional<double> usdPerThousand(const store::CostSlice &s)
{
    if (s.chapterLength <= 0)
        return std::nullopt;
    return s.costUsd / static_cast<double>(s.chapterLength) * 1000;
}

} // namespace

CostLedgerModel::CostLedgerModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void CostLedgerModel::setSlices(const std::vector<store::CostSlice> &slices)
{
    // A ledger has hundreds of rows and a refresh comes every second: a reset would re-measure
    // and re-sort them all and lose the writer's selection.
    std::map<SliceKey, std::size_t> incoming;
    for (std::size_t i = 0; i < slices.size(); ++i)
        incoming.emplace(keyOf(slices[i]), i);

    for (int last = rowCount() - 1; last >= 0;) {
        if (incoming.contains(keyOf(m_rows[static_cast<std::size_t>(last)]))) {
            --last;
            continue;
        }
        int first = last;
        while (first > 0 && !incoming.contains(keyOf(m_rows[static_cast<std::size_t>(first - 1)])))
            --first;
        beginRemoveRows({}, first, last);
        m_rows.erase(m_rows.begin() + first, m_rows.begin() + last + 1);
        endRemoveRows();
        last = first - 1;
    }

    int firstChanged = -1;
    int lastChanged = -1;
    std::vector<bool> placed(slices.size(), false);
    for (std::size_t r = 0; r < m_rows.size(); ++r) {
        const std::size_t i = incoming.at(keyOf(m_rows[r]));
        placed[i] = true;
        if (m_rows[r] == slices[i])
            continue;
        m_rows[r] = slices[i];
        if (firstChanged < 0)
            firstChanged = static_cast<int>(r);
        lastChanged = static_cast<int>(r);
    }
    if (firstChanged >= 0)
        emit dataChanged(index(firstChanged, 0), index(lastChanged, ColumnCount - 1));

    const auto added = static_cast<int>(std::count(placed.begin(), placed.end(), false));
    if (added > 0) {
        const int first = rowCount();
        beginInsertRows({}, first, first + added - 1);
        for (std::size_t i = 0; i < slices.size(); ++i) {
            if (!placed[i])
                m_rows.push_back(slices[i]);
        }
        endInsertRows();
    }
}

int CostLedgerModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int CostLedgerModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString CostLedgerModel::text(const store::CostSlice &s, int column) const
{
    switch (column) {
    case Book:
        return s.bookTitle.empty() ? tr("(no book)") : QString::fromStdString(s.bookTitle);
    case Chapter:
        return s.chapterPosition
            ? tr("%1. %2").arg(*s.chapterPosition).arg(QString::fromStdString(s.chapterTitle))
            : tr("(none)");
    case Stage:
        return QString::fromStdString(s.stage);
    case Attempts:
        return QString::number(s.attempts);
    case FailedAttempts:
        return QString::number(s.failedAttempts);
    case CostUsd:
        return usd(s.costUsd);
    case Length:
        if (s.chapterLength <= 0)
            return QStringLiteral("-");
        return s.lengthUnit == "characters"
            ? tr("%n character(s)", nullptr, static_cast<int>(s.chapterLength))
            : tr("%n word(s)", nullptr, static_cast<int>(s.chapterLength));
    case UsdPerThousand:
        if (auto v = usdPerThousand(s))
            return usd(*v);
        return QStringLiteral("-");
    default:
        return {};
    }
}

QVariant CostLedgerModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount)
        return {};
    const store::CostSlice &s = m_rows[static_cast<std::size_t>(index.row())];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return text(s, column);
    case kSortRole:
        switch (column) {
        case Chapter:
            return s.chapterPosition ? QVariant(*s.chapterPosition) : QVariant(-1);
        case Attempts:
            return QVariant::fromValue<qint64>(s.attempts);
        case FailedAttempts:
            return QVariant::fromValue<qint64>(s.failedAttempts);
        case CostUsd:
            return s.costUsd;
        case Length:
            return QVariant::fromValue<qint64>(s.chapterLength);
        case UsdPerThousand:
            return usdPerThousand(s).value_or(-1.0);
        default:
            return text(s, column);
        }
    case Qt::TextAlignmentRole:
        if (column >= Attempts)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant CostLedgerModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Book:
        return tr("Book");
    case Chapter:
        return tr("Chapter");
    case Stage:
        return tr("Stage");
    case Attempts:
        return tr("Attempts");
    case FailedAttempts:
        return tr("Failed attempts");
    case CostUsd:
        return tr("Cost USD");
    case Length:
        return tr("Length");
    case UsdPerThousand:
        return tr("USD per 1,000");
    default:
        return {};
    }
}

} // namespace scriptorium::ui
