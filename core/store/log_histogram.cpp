#include "store/log_histogram.h"

#include <algorithm>
#include <cmath>

namespace scriptorium::store {

namespace {
constexpr double kMin = 0.01;
constexpr double kGrowth = 1.1;
} // namespace

int LogHistogram::bucketOf(double value)
{
    if (!(value > kMin))
        return 0;
    const int b = static_cast<int>(std::floor(std::log(value / kMin) / std::log(kGrowth)));
    return std::clamp(b, 0, kBuckets - 1);
}

double LogHistogram::valueOf(int bucket)
{
    return kMin * std::pow(kGrowth, bucket + 0.5);
}

void LogHistogram::add(double value, std::uint32_t count)
{
    m_counts[static_cast<std::size_t>(bucketOf(value))] += count;
    m_total += count;
}

void LogHistogram::merge(std::string_view encoded)
{
    for (std::size_t i = 0; i + 5 <= encoded.size(); i += 5) {
        const auto bucket = static_cast<unsigned char>(encoded[i]);
        std::uint32_t count = 0;
        for (int k = 3; k >= 0; --k)
            count = (count << 8)
                | static_cast<unsigned char>(encoded[i + 1 + static_cast<std::size_t>(k)]);
        if (bucket < kBuckets) {
            m_counts[bucket] += count;
            m_total += count;
        }
    }
}

void LogHistogram::merge(const LogHistogram &other)
{
    if (other.m_total == 0)
        return;
    for (std::size_t b = 0; b < m_counts.size(); ++b)
        m_counts[b] += other.m_counts[b];
    m_total += other.m_total;
}

std::uint32_t LogHistogram::countIn(int bucket) const
{
    return bucket >= 0 && bucket < kBuckets ? m_counts[static_cast<std::size_t>(bucket)] : 0;
}

std::string LogHistogram::encode() const
{
    std::string out;
    for (int b = 0; b < kBuckets; ++b) {
        std::uint32_t count = m_counts[static_cast<std::size_t>(b)];
        if (count == 0)
            continue;
        out.push_back(static_cast<char>(b));
        for (int k = 0; k < 4; ++k) {
            out.push_back(static_cast<char>(count & 0xff));
            count >>= 8;
        }
    }
    return out;
}

std::optional<double> LogHistogram::percentile(double p) const
{
    if (m_total == 0)
        return std::nullopt;
    const auto rank = std::max<std::uint64_t>(
        1, static_cast<std::uint64_t>(std::ceil(p * static_cast<double>(m_total))));
    std::uint64_t seen = 0;
    for (int b = 0; b < kBuckets; ++b) {
        seen += m_counts[static_cast<std::size_t>(b)];
        if (seen >= rank)
            return valueOf(b);
    }
    return valueOf(kBuckets - 1);
}

} // namespace scriptorium::store
