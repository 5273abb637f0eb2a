<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>DemoMode</name>
    <message>
        <source>Scriptorium (simulation)</source>
        <translation>Scriptorium（模拟）</translation>
    </message>
</context>
<context>
    <name>ErrorMessages</name>
    <message>
        <source>This cannot be done as asked: something it needs is missing or cannot be used here (an open chapter, a selection, a name, the right kind of file). Check it and try again.</source>
        <translation>无法按要求完成：缺少所需的内容，或该内容在此处无法使用（例如打开的章节、选中的文字、名称或正确类型的文件）。请检查后重试。</translation>
    </message>
    <message>
        <source>Some text could not be read: a file, a setting or an answer is not in the expected format. Check the file or setting and try again.</source>
        <translation>有内容无法读取：某个文件、设置或返回结果的格式不符合预期。请检查该文件或设置后重试。</translation>
    </message>
    <message>
        <source>Reading or writing a file failed: check that the disk or folder is available, then try again.</source>
        <translation>读取或写入文件失败：请确认磁盘或文件夹可用，然后重试。</translation>
    </message>
    <message>
        <source>The disk is full, so this was not saved: free some space and try again.</source>
        <translation>磁盘已满，内容未能保存：请腾出一些空间后重试。</translation>
    </message>
    <message>
        <source>The file or its folder is read-only, so nothing was written: make it writable, or choose another location or a copy.</source>
        <translation>文件或其所在文件夹为只读，未写入任何内容：请将其改为可写，或改用其他位置或副本。</translation>
    </message>
    <message>
        <source>It could not be found: the file, folder, book or chapter may have been moved or deleted. Check it, or choose another.</source>
        <translation>找不到目标：文件、文件夹、书籍或章节可能已被移动或删除。请检查，或另选一个。</translation>
    </message>
    <message>
        <source>This clashes with a change made meanwhile: reload and try again.</source>
        <translation>此操作与期间的另一处修改冲突：请重新载入后重试。</translation>
    </message>
    <message>
        <source>The library is in use by another Scriptorium window or scriptorium-cli command: close it there, then try again.</source>
        <translation>书库正被另一个 Scriptorium 窗口或 scriptorium-cli 命令使用：请先在那里关闭，然后重试。</translation>
    </message>
    <message>
        <source>The file is damaged and was not changed: restore the library&apos;s latest backup, or a copy from elsewhere.</source>
        <translation>文件已损坏，未做任何更改：请恢复书库的最新备份，或从别处恢复一份副本。</translation>
    </message>
    <message>
        <source>The file was written by a newer version of Scriptorium and was left untouched: update Scriptorium to open it.</source>
        <translation>该文件由更新版本的 Scriptorium 写入，未做任何改动：请升级 Scriptorium 后再打开。</translation>
    </message>
    <message>
        <source>This version of Scriptorium cannot do that: update Scriptorium, or choose another option.</source>
        <translation>此版本的 Scriptorium 无法执行该操作：请升级 Scriptorium，或选择其他选项。</translation>
    </message>
    <message>
        <source>It is larger than Scriptorium allows here: shorten or split it, then try again.</source>
        <translation>内容超出了此处允许的大小：请缩短或拆分后重试。</translation>
    </message>
    <message>
        <source>The routing settings are invalid: fix the routing preset.</source>
        <translation>路由设置无效：请修正路由预设。</translation>
    </message>
    <message>
        <source>The API key was rejected: check it in Settings.</source>
        <translation>API 密钥被拒绝：请在“设置”中检查。</translation>
    </message>
    <message>
        <source>Out of credits: add credits or lower max tokens.</source>
        <translation>额度已用完：请充值或降低最大 token 数。</translation>
    </message>
    <message>
        <source>The request was refused by moderation: rephrase the outline or the prompt.</source>
        <translation>请求被内容审核拒绝：请改写大纲或提示词。</translation>
    </message>
    <message>
        <source>No provider serves this model with the routing rules in force: choose another model or allow more precisions in the routing preset.</source>
        <translation>在当前路由规则下没有服务商提供此模型：请换一个模型，或在路由预设中允许更多精度。</translation>
    </message>
    <message>
        <source>OpenRouter does not know this model: pick another one in the model list.</source>
        <translation>OpenRouter 不认识这个模型：请在模型列表中另选一个。</translation>
    </message>
    <message>
        <source>The provider is rate-limiting requests: wait a minute and try again.</source>
        <translation>服务商正在限制请求频率：请等一分钟再试。</translation>
    </message>
    <message>
        <source>The provider failed to answer: try again in a moment.</source>
        <translation>服务商未能应答：请稍后再试。</translation>
    </message>
    <message>
        <source>The provider stopped in the middle of its answer: try again, or choose another model.</source>
        <translation>服务商在应答中途停止：请重试，或换一个模型。</translation>
    </message>
    <message>
        <source>The provider took too long to answer: try again or choose another model.</source>
        <translation>服务商响应太慢：请重试或换一个模型。</translation>
    </message>
    <message>
        <source>Could not reach OpenRouter: check the network and the base URL in Settings.</source>
        <translation>无法连接 OpenRouter：请检查网络以及“设置”中的基础 URL。</translation>
    </message>
    <message>
        <source>Cancelled: what was already done is kept; start it again when you are ready.</source>
        <translation>已取消：已完成的部分会保留；准备好后可以重新开始。</translation>
    </message>
    <message>
        <source>This generation would exceed the budget: raise the budget or lower max tokens.</source>
        <translation>本次生成会超出预算：请提高预算或降低最大 token 数。</translation>
    </message>
    <message>
        <source>Scriptorium stopped before this generation finished (it was closed or crashed): the text received so far is kept; open the chapter to accept or discard it.</source>
        <translation>本次生成完成前 Scriptorium 已停止（被关闭或崩溃）：已收到的文字已保留；打开该章节即可接受或丢弃。</translation>
    </message>
    <message>
        <source>Something went wrong inside Scriptorium (a bug): try again; if it keeps happening, report it with the details.</source>
        <translation>Scriptorium 内部出错（程序缺陷）：请重试；如果反复出现，请附上详细信息报告此问题。</translation>
    </message>
    <message>
        <source>It belongs to another program and was left untouched: choose a Scriptorium library, or a new file name to start one.</source>
        <translation>该文件属于其他程序，未做任何改动：请选择一个 Scriptorium 书库，或输入新的文件名来新建书库。</translation>
    </message>
    <message>
        <source>The file is damaged or is not a Scriptorium library, and was not changed: choose another file, or restore the library&apos;s latest backup.</source>
        <translation>该文件已损坏或不是 Scriptorium 书库，未做任何更改：请选择其他文件，或恢复书库的最新备份。</translation>
    </message>
    <message>
        <source>The library %1 could not be opened. %2</source>
        <translation>无法打开书库 %1。%2</translation>
    </message>
</context>
<context>
    <name>GenerationMessages</name>
    <message>
        <source>The prompt is too long for this model: shorten the outline or lower the prompt budget.</source>
        <translation>提示词对这个模型来说太长：请缩短大纲或降低提示词预算。</translation>
    </message>
    <message>
        <source>The provider stopped in the middle of the text: the partial draft is kept; accept it and use Continue, or try again.</source>
        <translation>服务商在生成中途停止：已保留部分草稿；可以接受后使用“续写”，或重试。</translation>
    </message>
    <message>
        <source>Stopped. The partial draft is kept: accept or discard it.</source>
        <translation>已停止。部分草稿已保留：可以接受或丢弃。</translation>
    </message>
    <message>
        <source>The request is incomplete: check the base URL and the model in Settings.</source>
        <translation>请求不完整：请检查“设置”中的基础 URL 和模型。</translation>
    </message>
    <message>
        <source>another precision</source>
        <translation>其他精度</translation>
    </message>
    <message>
        <source>an unknown provider</source>
        <translation>未知服务商</translation>
    </message>
    <message>
        <source>OpenRouter has no fp8 provider for this model; generated at %1 by %2</source>
        <translation>OpenRouter 没有此模型的 fp8 服务商；由 %2 以 %1 生成</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>%1 (degraded)</source>
        <translation>%1（已降级）</translation>
    </message>
</context>
<context>
    <name>LibraryUpgrade</name>
    <message>
        <source>Upgrading the library %1 for this version of Scriptorium…
This happens once; a large library can take a minute.</source>
        <translation>正在为此版本的 Scriptorium 升级书库 %1…
只需升级一次；较大的书库可能需要一分钟。</translation>
    </message>
    <message>
        <source>Upgrading the library</source>
        <translation>正在升级书库</translation>
    </message>
</context>
<context>
    <name>WritingGoalsDialog</name>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Write novels with language models.</source>
        <translation>用语言模型写小说。</translation>
    </message>
    <message>
        <source>Library file to open.</source>
        <translation>要打开的书库文件。</translation>
    </message>
    <message>
        <source>Library not opened</source>
        <translation>书库未能打开</translation>
    </message>
    <message>
        <source>My first novel</source>
        <translation>我的第一部小说</translation>
    </message>
    <message>
        <source>Chapter One</source>
        <translation>第一章</translation>
    </message>
    <message>
        <source>Try Scriptorium offline: a simulated OpenRouter on this computer and a sample book (nothing is kept).</source>
        <translation>离线试用 Scriptorium：在本机模拟 OpenRouter 并打开一本示例书（不保留任何内容）。</translation>
    </message>
    <message>
        <source>Demo not started</source>
        <translation>演示未能启动</translation>
    </message>
    <message>
        <source>The offline demo could not start: %1</source>
        <translation>离线演示无法启动：%1</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::AnalysisDialog</name>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n 分钟</numerusform>
        </translation>
    </message>
    <message>
        <source>Analyse Book</source>
        <translation>分析书稿</translation>
    </message>
    <message>
        <source>Reads “%1” in chunks of whole chapters and derives what continuing it needs: a summary and the characters&apos; states for every chapter, and story bible entries with the chapter each comes from, which wait for your review in the Story Bible panel. This is paid; the price is shown before anything is sent. A stopped analysis resumes where it ended.</source>
        <translation>按整章分块阅读《%1》，得出续写所需的内容：每章的概要和人物状态，以及注明出处章节的故事设定条目，这些条目会在故事设定集面板中等待你审阅。此操作需付费；发送任何内容之前会先显示价格。中途停止的分析会从停下的地方继续。</translation>
    </message>
    <message>
        <source>No cap</source>
        <translation>不设上限</translation>
    </message>
    <message>
        <source>Spending cap:</source>
        <translation>花费上限：</translation>
    </message>
    <message>
        <source>Analyse</source>
        <translation>分析</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Reading chapters %1–%2 (request %3 of %4)…</source>
        <translation>正在阅读第%1–%2章（第%3/%4个请求）…</translation>
    </message>
    <message>
        <source>The analysis stopped: %1</source>
        <translation>分析已停止：%1</translation>
    </message>
    <message>
        <source>The price could not be computed: %1</source>
        <translation>无法计算价格：%1</translation>
    </message>
    <message>
        <source>Computing the price…</source>
        <translation>正在计算价格…</translation>
    </message>
    <message>
        <source>Every chapter is analysed. Review the derived entries in the Story Bible panel, then continue the book.</source>
        <translation>所有章节均已分析。请在故事设定集面板中审阅得出的条目，然后续写本书。</translation>
    </message>
    <message>
        <source>This book has no chapters with text to analyse.</source>
        <translation>本书没有可供分析的正文章节。</translation>
    </message>
    <message numerus="yes">
        <source>Reading %n chapter(s)</source>
        <translation>
            <numerusform>阅读 %n 章</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>in %n request(s) costs about %1 (between %2 and %3) and takes about %4.</source>
        <translation>
            <numerusform>分 %n 个请求，约需 %1（%2 至 %3 之间），耗时约 %4。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n chapter(s) already analysed are skipped.</source>
        <translation>
            <numerusform>已分析的 %n 章将被跳过。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n chapter(s) are longer than the model&apos;s context and are read cut.</source>
        <translation>
            <numerusform>%n 章超出模型的上下文长度，将截短后阅读。</numerusform>
        </translation>
    </message>
    <message>
        <source>Analysing…</source>
        <translation>正在分析…</translation>
    </message>
    <message numerus="yes">
        <source>%n chapter(s) analysed</source>
        <translation>
            <numerusform>已分析 %n 章</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n new story bible entries), %1 spent.</source>
        <translation>
            <numerusform>（新增 %n 个故事设定条目），花费 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>The spending cap stopped it between requests; what was read is kept. Raise the cap and analyse again to resume.</source>
        <translation>花费上限使分析在两次请求之间停止；已读取的内容已保存。提高上限后再次分析即可继续。</translation>
    </message>
    <message>
        <source>It stopped before the end; what was read is kept. Analyse again to resume.</source>
        <translation>分析在完成前停止；已读取的内容已保存。再次分析即可继续。</translation>
    </message>
    <message>
        <source>Review the new entries in the Story Bible panel.</source>
        <translation>请在故事设定集面板中审阅新条目。</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::AskPanel</name>
    <message>
        <source>When did Mara last see the ledger?</source>
        <translation>玛拉最后一次见到账本是什么时候？</translation>
    </message>
    <message>
        <source>Look Up</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>提问</translation>
    </message>
    <message>
        <source>The question is answered from the book&apos;s own text: the chapters the library&apos;s search finds, and the story bible. The price is shown before anything is sent.</source>
        <translation>问题依据书稿本身作答：书库搜索找到的章节，以及人物设定集。发送任何内容之前会先显示价格。</translation>
    </message>
    <message>
        <source>Where it says so (double-click to open):</source>
        <translation>出处（双击打开）：</translation>
    </message>
    <message>
        <source>No chapter mentions what the question names; rephrase it with a name or a thing from the book. Nothing was sent.</source>
        <translation>没有章节提到问题中的内容；请用书中的人名或事物重新提问。未发送任何内容。</translation>
    </message>
    <message>
        <source>Passages from chapters %1. Asking costs about %2 (between %3 and %4).</source>
        <translation>段落来自第 %1 章。提问约需 %2（%3 至 %4 之间）。</translation>
    </message>
    <message>
        <source>Chapter %1: “%2”</source>
        <translation>第 %1 章：“%2”</translation>
    </message>
    <message>
        <source> (not found in the chapter)</source>
        <translation>（章节中未找到）</translation>
    </message>
    <message>
        <source>Answered for %1.</source>
        <translation>已作答，花费 %1。</translation>
    </message>
    <message>
        <source>Busy with another reading of the book; try again when it ends.</source>
        <translation>正在对本书进行另一项阅读，请在其结束后再试。</translation>
    </message>
    <message>
        <source>Select a book in the library first.</source>
        <translation>请先在书库中选择一本书。</translation>
    </message>
    <message>
        <source>Asking “%1”</source>
        <translation>正在询问《%1》</translation>
    </message>
    <message>
        <source>Looking the question up…</source>
        <translation>正在查找…</translation>
    </message>
    <message>
        <source>Asking…</source>
        <translation>正在提问…</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::AuditBridge</name>
    <message>
        <source>The question names nothing to look for in the book: name a character, a place or a thing.</source>
        <translation>问题中没有可在书中查找的内容：请写出人物、地点或事物的名字。</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::AuditDialog</name>
    <message>
        <source>Continuity Audit</source>
        <translation>一致性审查</translation>
    </message>
    <message>
        <source>Checks each chapter of “%1” against the story bible, the character states and the earlier chapters&apos; summaries, with a quote from each side. This is a paid request per chapter; the price is shown before anything is sent.</source>
        <translation>对照故事设定集、人物状态和前面各章的摘要检查《%1》的每一章，双方各引一段原文为证。每章一次付费请求；发送任何内容之前会先显示价格。</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Chapters:</source>
        <translation>章节：</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>审查</translation>
    </message>
    <message>
        <source>Show Findings</source>
        <translation>查看发现</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message numerus="yes">
        <source>Chapter %1 audited: %n finding(s), %2.</source>
        <translation>
            <numerusform>第 %1 章已审查：%n 个发现，%2。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n chapter(s) audited.</source>
        <translation>
            <numerusform>已审查 %n 章。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n finding(s), %1 spent.</source>
        <translation>
            <numerusform>%n 个发现，花费 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>The audit stopped: %1</source>
        <translation>审查已停止：%1</translation>
    </message>
    <message>
        <source>The price could not be computed: %1</source>
        <translation>无法计算价格：%1</translation>
    </message>
    <message>
        <source>Computing the price…</source>
        <translation>正在计算价格…</translation>
    </message>
    <message>
        <source>These chapters have no text to audit yet: draft them first.</source>
        <translation>这些章节还没有可审查的正文：请先起草。</translation>
    </message>
    <message numerus="yes">
        <source>Auditing %n chapter(s) costs about %1 (between %2 and %3).</source>
        <translation>
            <numerusform>审查 %n 章约需 %1（%2 至 %3 之间）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Auditing…</source>
        <translation>正在审查…</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::BatchChapterList</name>
    <message>
        <source>Chapter</source>
        <translation>章节</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>%1. %2</source>
        <translation>%1. %2</translation>
    </message>
    <message>
        <source>%p% · %1 tok/s</source>
        <translation>%p% · %1 tok/s</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>drafting</source>
        <translation>起草中</translation>
    </message>
    <message>
        <source>drafted</source>
        <translation>已起草</translation>
    </message>
    <message>
        <source>finalizing</source>
        <translation>收尾中</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::BatchPanel</name>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Chapters:</source>
        <translation>章节：</translation>
    </message>
    <message>
        <source>Sequential</source>
        <translation>依次</translation>
    </message>
    <message>
        <source>Parallel</source>
        <translation>并行</translation>
    </message>
    <message>
        <source>Sequential drafts and finishes each chapter before the next. Parallel drafts several chapters at once from their outlines.</source>
        <translation>依次：每章起草并收尾后再写下一章。并行：按大纲同时起草多章。</translation>
    </message>
    <message>
        <source>Mode:</source>
        <translation>方式：</translation>
    </message>
    <message>
        <source>Concurrency:</source>
        <translation>并发数：</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>The batch pauses before a request that could exceed this.</source>
        <translation>在可能超出此金额的请求之前，批量任务会暂停。</translation>
    </message>
    <message>
        <source>Budget:</source>
        <translation>预算：</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Retry failed</source>
        <translation>重试失败的章节</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分钟</translation>
    </message>
    <message>
        <source>A batch of chapters %1–%2 is unfinished (%3 of %4 done).</source>
        <translation>第 %1–%2 章的批量任务尚未完成（已完成 %3/%4 章）。</translation>
    </message>
    <message>
        <source>Choose a book with outlined chapters.</source>
        <translation>请选择一本已有章节大纲的书。</translation>
    </message>
    <message>
        <source>Forecast: reading prices…</source>
        <translation>预估：正在读取价格…</translation>
    </message>
    <message numerus="yes">
        <source>from this book&apos;s history (%n chapter(s))</source>
        <translation>
            <numerusform>依据本书的历史（%n 章）</numerusform>
        </translation>
    </message>
    <message>
        <source>from catalog prices</source>
        <translation>依据目录价格</translation>
    </message>
    <message numerus="yes">
        <source>Forecast for %n chapter(s): %1–%2 (about %3), %4–%5 (about %6), %7.</source>
        <translation>
            <numerusform>预估 %n 章：%1–%2（约 %3），%4–%5（约 %6），%7。</numerusform>
        </translation>
    </message>
    <message>
        <source>That is more than the budget: the batch will pause when the budget runs out.</source>
        <translation>这超出了预算：预算用完时批量任务会暂停。</translation>
    </message>
    <message>
        <source>Done %1 · failed %2 · remaining %3 · spent %4</source>
        <translation>完成 %1 · 失败 %2 · 剩余 %3 · 已花费 %4</translation>
    </message>
    <message>
        <source>of %1</source>
        <translation>／共 %1</translation>
    </message>
    <message>
        <source>Open a book with outlined chapters first.</source>
        <translation>请先打开一本已有章节大纲的书。</translation>
    </message>
    <message>
        <source>A batch is already running.</source>
        <translation>已有批量任务在运行。</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>运行中…</translation>
    </message>
    <message>
        <source>Pausing: the chapters being written finish first.</source>
        <translation>正在暂停：正在写的章节会先写完。</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>The open chapter was drafted while it had unsaved edits: your text stays in the editor, and the drafted text is kept in its revisions when yours is saved.</source>
        <translation>打开的章节在有未保存修改时被起草：你的文字仍留在编辑器中，保存后起草的文字会保存在它的修订记录里。</translation>
    </message>
    <message numerus="yes">
        <source>All %n chapter(s) are done.</source>
        <translation>
            <numerusform>全部 %n 章已完成。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n chapter(s) failed: the reasons are in the list; Retry failed runs them again.</source>
        <translation>
            <numerusform>%n 章失败：原因见列表；“重试失败的章节”会再次生成它们。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled: %n chapter(s) were not generated.</source>
        <translation>
            <numerusform>已取消：%n 章未生成。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Paused with %n chapter(s) left: Resume continues where it stopped.</source>
        <translation>
            <numerusform>已暂停，还剩 %n 章：“继续”会从停下的地方接着写。</numerusform>
        </translation>
    </message>
    <message>
        <source>Forecast: add your OpenRouter API key in Settings first.</source>
        <translation>预估：请先在设置中填写 OpenRouter API 密钥。</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>Stop offering this batch. Chapters it already wrote keep their text.</source>
        <translation>不再提示继续这个批次。已写好的章节保留其文本。</translation>
    </message>
    <message>
        <source>The unfinished batch was discarded.</source>
        <translation>未完成的批次已放弃。</translation>
    </message>
    <message>
        <source>cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>balanced</source>
        <translation>均衡</translation>
    </message>
    <message>
        <source>speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Routing saves %1 (%2 %) against the speed objective, expected %3 % slower (%4 instead of %5 at catalog prices).</source>
        <translation>与速度目标相比，路由可节省 %1（%2 %），预计慢 %3 %（按目录价格为 %4，而非 %5）。</translation>
    </message>
    <message>
        <source>%1 (%2): %3 at %4 instead of %5 at %6</source>
        <translation>%1（%2）：%4 上 %3，而非 %6 上 %5</translation>
    </message>
    <message>
        <source>The routing preset %1 could not be read: %2</source>
        <translation>无法读取路由预设 %1：%2</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::BeatList</name>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Add a beat after the selected one</source>
        <translation>在所选节拍之后添加一个节拍</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Remove the selected beat</source>
        <translation>删除所选节拍</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move the selected beat up</source>
        <translation>将所选节拍上移</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Move the selected beat down</source>
        <translation>将所选节拍下移</translation>
    </message>
    <message>
        <source>Draft at cursor</source>
        <translation>在光标处起草</translation>
    </message>
    <message>
        <source>Draft the selected beat into the chapter at the editor&apos;s cursor</source>
        <translation>在编辑器光标处为所选节拍起草正文</translation>
    </message>
    <message>
        <source>What happens in this scene, in a line or two.</source>
        <translation>这场戏发生了什么，一两句话即可。</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>Beat:</source>
        <translation>节拍：</translation>
    </message>
    <message>
        <source>POV:</source>
        <translation>视角：</translation>
    </message>
    <message>
        <source>Location:</source>
        <translation>地点：</translation>
    </message>
    <message>
        <source>POV: %1</source>
        <translation>视角：%1</translation>
    </message>
    <message>
        <source>Location: %1</source>
        <translation>地点：%1</translation>
    </message>
    <message>
        <source>New beat</source>
        <translation>新节拍</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::BiblePanel</name>
    <message>
        <source>Characters</source>
        <translation>人物</translation>
    </message>
    <message>
        <source>Places</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>物品</translation>
    </message>
    <message>
        <source>Lore</source>
        <translation>设定</translation>
    </message>
    <message>
        <source>Style notes</source>
        <translation>文风笔记</translation>
    </message>
    <message>
        <source>What the book is about, in a few sentences.</source>
        <translation>用几句话说明这本书讲什么。</translation>
    </message>
    <message>
        <source>Voice, tense, point of view, words to avoid…</source>
        <translation>叙述口吻、时态、视角、要避免的词语……</translation>
    </message>
    <message>
        <source>Premise</source>
        <translation>故事梗概</translation>
    </message>
    <message>
        <source>Style guide</source>
        <translation>文风指南</translation>
    </message>
    <message>
        <source>Book</source>
        <translation>书籍</translation>
    </message>
    <message>
        <source>Other names, separated by commas</source>
        <translation>其他名字，用逗号分隔</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Aliases:</source>
        <translation>别名：</translation>
    </message>
    <message>
        <source>New entry</source>
        <translation>新条目</translation>
    </message>
    <message>
        <source>Accept All</source>
        <translation>全部接受</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>接受</translation>
    </message>
    <message>
        <source>Use this entry in prompts from now on</source>
        <translation>从现在起在提示词中使用此条目</translation>
    </message>
    <message numerus="yes">
        <source>%n entries from the analysis wait for review: prompts use them once accepted.</source>
        <translation>
            <numerusform>分析得出的 %n 个条目等待审阅：接受后提示词才会使用它们。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (to review)</source>
        <translation>%1（待审阅）</translation>
    </message>
    <message>
        <source>From chapter %1 · to review</source>
        <translation>来自第%1章 · 待审阅</translation>
    </message>
    <message>
        <source>From chapter %1</source>
        <translation>来自第%1章</translation>
    </message>
    <message>
        <source>To review</source>
        <translation>待审阅</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::CostLedgerModel</name>
    <message>
        <source>(no book)</source>
        <translation>（无书）</translation>
    </message>
    <message>
        <source>%1. %2</source>
        <translation>%1. %2</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message numerus="yes">
        <source>%n character(s)</source>
        <translation>
            <numerusform>%n 字</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n word(s)</source>
        <translation>
            <numerusform>%n 词</numerusform>
        </translation>
    </message>
    <message>
        <source>Book</source>
        <translation>书</translation>
    </message>
    <message>
        <source>Chapter</source>
        <translation>章节</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Failed attempts</source>
        <translation>失败的尝试</translation>
    </message>
    <message>
        <source>Cost USD</source>
        <translation>费用（美元）</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>长度</translation>
    </message>
    <message>
        <source>USD per 1,000</source>
        <translation>每千字（词）美元</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::DashboardCharts</name>
    <message>
        <source>Cost by book</source>
        <translation>按书统计费用</translation>
    </message>
    <message>
        <source>Cost by chapter</source>
        <translation>按章节统计费用</translation>
    </message>
    <message>
        <source>Cost by stage</source>
        <translation>按阶段统计费用</translation>
    </message>
    <message>
        <source>Time to first token (share of requests)</source>
        <translation>首个 token 耗时（请求占比）</translation>
    </message>
    <message>
        <source>%1–%2 ms</source>
        <translation>%1–%2 毫秒</translation>
    </message>
    <message>
        <source>≥ %1 ms</source>
        <translation>≥ %1 毫秒</translation>
    </message>
    <message>
        <source>% of requests</source>
        <translation>请求占比 %</translation>
    </message>
    <message>
        <source>Cumulative cost (USD)</source>
        <translation>累计费用（美元）</translation>
    </message>
    <message>
        <source>USD</source>
        <translation>美元</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::DashboardWindow</name>
    <message>
        <source>Provider Dashboard</source>
        <translation>服务商仪表盘</translation>
    </message>
    <message>
        <source>The statistics could not be read: %1. Check that the library file is still there.</source>
        <translation>无法读取统计数据：%1。请检查书库文件是否仍然存在。</translation>
    </message>
    <message>
        <source>Live (15 min)</source>
        <translation>实时（15 分钟）</translation>
    </message>
    <message>
        <source>24 hours</source>
        <translation>24 小时</translation>
    </message>
    <message>
        <source>7 days</source>
        <translation>7 天</translation>
    </message>
    <message>
        <source>30 days</source>
        <translation>30 天</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>全部时间</translation>
    </message>
    <message>
        <source>All books</source>
        <translation>全部书籍</translation>
    </message>
    <message>
        <source>All models</source>
        <translation>全部模型</translation>
    </message>
    <message>
        <source>All precisions</source>
        <translation>全部精度</translation>
    </message>
    <message>
        <source>Range:</source>
        <translation>时间范围：</translation>
    </message>
    <message>
        <source>Book:</source>
        <translation>书：</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Precision:</source>
        <translation>精度：</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV……</translation>
    </message>
    <message>
        <source>Export Charts…</source>
        <translation>导出图表……</translation>
    </message>
    <message>
        <source>Routing…</source>
        <translation>路由……</translation>
    </message>
    <message>
        <source>Open the routing editor to reorder providers and set precisions</source>
        <translation>打开路由编辑器，调整服务商顺序并设置精度</translation>
    </message>
    <message>
        <source>Providers</source>
        <translation>服务商</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Cost Ledger</source>
        <translation>费用账本</translation>
    </message>
    <message>
        <source>Refresh Balance</source>
        <translation>刷新余额</translation>
    </message>
    <message numerus="yes">
        <source>Updated %1 · %n generation(s) running</source>
        <translation>
            <numerusform>更新于 %1 · %n 个生成任务进行中</numerusform>
        </translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>更新于 %1</translation>
    </message>
    <message>
        <source>%1 could not be written: %2. Choose another folder.</source>
        <translation>无法写入 %1：%2。请选择其他文件夹。</translation>
    </message>
    <message>
        <source>Export Table</source>
        <translation>导出表格</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Export Charts to Folder</source>
        <translation>将图表导出到文件夹</translation>
    </message>
    <message>
        <source>Only %1 of %2 charts could be written to %3. Check that the folder is writable.</source>
        <translation>%2 个图表中只有 %1 个写入了 %3。请检查该文件夹是否可写。</translation>
    </message>
    <message>
        <source>Balance: asking OpenRouter…</source>
        <translation>余额：正在询问 OpenRouter……</translation>
    </message>
    <message>
        <source>Balance unavailable: %1</source>
        <translation>无法获取余额：%1</translation>
    </message>
    <message>
        <source>used %1 USD today, %2 this month, %3 in all</source>
        <translation>今日已用 %1 美元，本月 %2，累计 %3</translation>
    </message>
    <message>
        <source>Balance: %1 of %2 USD left; %3</source>
        <translation>余额：%2 美元中剩余 %1；%3</translation>
    </message>
    <message>
        <source>Balance: no limit on this key; %1</source>
        <translation>余额：此密钥无额度限制；%1</translation>
    </message>
    <message>
        <source>Routing</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>Findings of the local quality checks per 10,000 output tokens; intervals are exact 95 % Poisson intervals. Intentional findings are not counted.</source>
        <translation>本地质量检查每一万个输出词元的发现数；区间为精确的 95 % 泊松区间。标记为“有意为之”的发现不计入。</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>质量</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::EndpointScatter</name>
    <message>
        <source>One point per provider × model × precision; a larger point had more requests. A square writes clearly worse: its finding-rate interval lies wholly above that of the model&apos;s median endpoint. The line joins the endpoints no other endpoint beats on both speed and price.</source>
        <translation>每个点代表一个服务商 × 模型 × 精度；点越大，请求越多。方块表示写得明显更差：其发现率区间完全高于该模型中位端点的区间。折线连接的是在速度和价格上都没有被其他端点同时超越的端点。</translation>
    </message>
    <message>
        <source>Endpoints: speed against price</source>
        <translation>端点：速度与价格</translation>
    </message>
    <message>
        <source>Decode tokens/s (p50)</source>
        <translation>解码词元/秒（p50）</translation>
    </message>
    <message>
        <source>USD per million output tokens</source>
        <translation>每百万输出词元美元</translation>
    </message>
    <message>
        <source>Pareto frontier</source>
        <translation>帕累托前沿</translation>
    </message>
    <message>
        <source>%1 · %2 · %3
Decode: %4 tokens/s
Price: %5 USD per million output tokens
Requests: %6
Findings per 10,000 output tokens: %7</source>
        <translation>%1 · %2 · %3
解码：%4 词元/秒
价格：每百万输出词元 %5 美元
请求：%6
每万输出词元的发现：%7</translation>
    </message>
    <message>
        <source>fp4 / int4</source>
        <translation>fp4 / int4</translation>
    </message>
    <message>
        <source>fp8 / int8</source>
        <translation>fp8 / int8</translation>
    </message>
    <message>
        <source>fp16 / bf16</source>
        <translation>fp16 / bf16</translation>
    </message>
    <message>
        <source>Other / unknown</source>
        <translation>其他 / 未知</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::ExportDialog</name>
    <message>
        <source>Export “%1”</source>
        <translation>导出《%1》</translation>
    </message>
    <message>
        <source>EPUB e-book</source>
        <translation>EPUB 电子书</translation>
    </message>
    <message>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <source>Plain text</source>
        <translation>纯文本</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览……</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>格式(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Save as:</source>
        <translation>保存为(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>导出到</translation>
    </message>
    <message>
        <source>Choose where to save the file.</source>
        <translation>请选择文件的保存位置。</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出……</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <source>The book was not exported to %1. %2</source>
        <translation>未能将书籍导出到 %1。%2</translation>
    </message>
    <message>
        <source>Word manuscript (standard manuscript format)</source>
        <translation>Word 书稿（标准投稿格式）</translation>
    </message>
    <message>
        <source>PDF, ready to print (A5 book pages)</source>
        <translation>PDF，可直接印刷（A5 书页）</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::FindBar</name>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Replace with</source>
        <translation>替换为</translation>
    </message>
    <message>
        <source>Match case</source>
        <translation>区分大小写</translation>
    </message>
    <message>
        <source>Whole words</source>
        <translation>全词匹配</translation>
    </message>
    <message>
        <source>This chapter</source>
        <translation>本章</translation>
    </message>
    <message>
        <source>Whole book</source>
        <translation>全书</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一个</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一个</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭 (Esc)</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <source>Replace all</source>
        <translation>全部替换</translation>
    </message>
    <message>
        <source>in</source>
        <translation>范围</translation>
    </message>
    <message>
        <source>Wrapped around</source>
        <translation>已从头继续查找</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>未找到</translation>
    </message>
    <message numerus="yes">
        <source>%n replaced</source>
        <translation>
            <numerusform>已替换 %n 处</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::FindingsDialog</name>
    <message>
        <source>Repetition</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>Language drift</source>
        <translation>语言漂移</translation>
    </message>
    <message>
        <source>Cut off</source>
        <translation>中途截断</translation>
    </message>
    <message>
        <source>Meta text</source>
        <translation>元文本</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>长度</translation>
    </message>
    <message>
        <source>Broken structure</source>
        <translation>结构损坏</translation>
    </message>
    <message>
        <source>Continuity</source>
        <translation>一致性</translation>
    </message>
    <message>
        <source>Quality Findings</source>
        <translation>质量发现</translation>
    </message>
    <message>
        <source>Chapter</source>
        <translation>章节</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <source>Quote</source>
        <translation>引文</translation>
    </message>
    <message>
        <source>What it says</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Written by</source>
        <translation>写作者</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Show findings marked intentional</source>
        <translation>显示标记为有意为之的发现</translation>
    </message>
    <message>
        <source>Open in Editor</source>
        <translation>在编辑器中打开</translation>
    </message>
    <message>
        <source>Mark Intentional</source>
        <translation>标记为有意为之</translation>
    </message>
    <message>
        <source> (audit)</source>
        <translation>（审查）</translation>
    </message>
    <message>
        <source>major</source>
        <translation>严重</translation>
    </message>
    <message>
        <source>minor</source>
        <translation>轻微</translation>
    </message>
    <message>
        <source>Reference: %1</source>
        <translation>参照：%1</translation>
    </message>
    <message>
        <source> (degraded)</source>
        <translation>（降级）</translation>
    </message>
    <message>
        <source>intentional</source>
        <translation>有意为之</translation>
    </message>
    <message>
        <source>No findings in this book.</source>
        <translation>本书没有发现。</translation>
    </message>
    <message numerus="yes">
        <source>%n finding(s). Select one to open it in the editor or to mark it intentional: an intentional finding is hidden and does not come back when the chapter is regenerated.</source>
        <translation>
            <numerusform>共 %n 个发现。选中一个可在编辑器中打开，或标记为有意为之：有意为之的发现会被隐藏，重新生成章节后也不会再出现。</numerusform>
        </translation>
    </message>
    <message>
        <source>Not Intentional</source>
        <translation>取消有意为之</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::FirstRunDialog</name>
    <message>
        <source>Welcome to Scriptorium</source>
        <translation>欢迎使用 Scriptorium</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Welcome&lt;/h3&gt;&lt;p&gt;Scriptorium generates chapters through OpenRouter. Enter your OpenRouter API key to write with real models, or try the offline demo, which runs a simulated OpenRouter on this computer and costs nothing.&lt;/p&gt;&lt;p&gt;The key is kept in the %1, never in a settings file or your library. You can also set the OPENROUTER_API_KEY environment variable.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;欢迎&lt;/h3&gt;&lt;p&gt;Scriptorium 通过 OpenRouter 生成章节。输入你的 OpenRouter API 密钥即可使用真实模型写作；也可以试用离线演示，它在本机运行一个模拟的 OpenRouter，不产生任何费用。&lt;/p&gt;&lt;p&gt;密钥保存在%1中，绝不会写入设置文件或书库。你也可以设置环境变量 OPENROUTER_API_KEY。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>OpenRouter API key (sk-or-…)</source>
        <translation>OpenRouter API 密钥（sk-or-…）</translation>
    </message>
    <message>
        <source>&amp;Use this key</source>
        <translation>使用此密钥(&amp;U)</translation>
    </message>
    <message>
        <source>Try the offline &amp;demo</source>
        <translation>试用离线演示(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Later</source>
        <translation>稍后(&amp;L)</translation>
    </message>
    <message>
        <source>Paste a key first, or choose the offline demo.</source>
        <translation>请先粘贴密钥，或选择离线演示。</translation>
    </message>
    <message>
        <source>Saving the key…</source>
        <translation>正在保存密钥……</translation>
    </message>
    <message>
        <source>The key could not be stored (%1). Set OPENROUTER_API_KEY instead, or try again.</source>
        <translation>无法保存密钥（%1）。请改为设置 OPENROUTER_API_KEY，或重试。</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::GenerationPanel</name>
    <message>
        <source>&amp;Draft Chapter</source>
        <translation>起草本章(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Continue Chapter</source>
        <translation>续写本章(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Rewrite Selection</source>
        <translation>改写所选(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Expand Selection</source>
        <translation>扩写所选(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Stop Generation</source>
        <translation>停止生成(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Accept Draft</source>
        <translation>接受草稿(&amp;A)</translation>
    </message>
    <message>
        <source>D&amp;iscard Draft</source>
        <translation>丢弃草稿(&amp;I)</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Routing:</source>
        <translation>路由：</translation>
    </message>
    <message>
        <source>Preview the prompt before sending</source>
        <translation>发送前预览提示词</translation>
    </message>
    <message>
        <source>The generated text appears here as it streams.</source>
        <translation>生成的文字会在这里实时出现。</translation>
    </message>
    <message>
        <source>Default (fp8 first)</source>
        <translation>默认（fp8 优先）</translation>
    </message>
    <message>
        <source>The routing preset %1 could not be read: %2</source>
        <translation>无法读取路由预设 %1：%2</translation>
    </message>
    <message>
        <source>A generation is running: stop it first.</source>
        <translation>正在生成：请先停止。</translation>
    </message>
    <message>
        <source>The chapter could not be saved; generating anyway.</source>
        <translation>本章未能保存；仍继续生成。</translation>
    </message>
    <message>
        <source>Generating…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <source>Done: accept the draft to put it in the chapter, or discard it.</source>
        <translation>完成：接受草稿将其放入本章，或将其丢弃。</translation>
    </message>
    <message>
        <source>The selected passage was changed meanwhile: copy the draft by hand.</source>
        <translation>所选段落在此期间已被修改：请手动复制草稿。</translation>
    </message>
    <message>
        <source>The library was closed: the draft cannot be accepted.</source>
        <translation>书库已关闭：无法接受草稿。</translation>
    </message>
    <message>
        <source>Accepted. The previous text is kept in Revisions.</source>
        <translation>已接受。之前的文字保存在“修订历史”中。</translation>
    </message>
    <message>
        <source>Accepted.</source>
        <translation>已接受。</translation>
    </message>
    <message>
        <source>SIMULATION</source>
        <translation>模拟</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>TTFT %1 ms</source>
        <translation>首字 %1 毫秒</translation>
    </message>
    <message>
        <source>%1 is not offered by %2; using %3 instead.</source>
        <translation>%2 不提供 %1，已改用 %3。</translation>
    </message>
    <message>
        <source>the simulator</source>
        <translation>模拟器</translation>
    </message>
    <message>
        <source>OpenRouter</source>
        <translation>OpenRouter</translation>
    </message>
    <message>
        <source>Recovered from a generation that was interrupted (the window closed or the computer stopped): accept it into the chapter or discard it.</source>
        <translation>已从一次中断的生成中恢复（窗口被关闭或电脑停止运行）：可将其接受到本章，或丢弃。</translation>
    </message>
    <message>
        <source>decode %1 tok/s</source>
        <translation>解码 %1 tok/s</translation>
    </message>
    <message>
        <source>end-to-end %1 tok/s</source>
        <translation>端到端 %1 tok/s</translation>
    </message>
    <message>
        <source>≈%1 tokens</source>
        <translation>约 %1 token</translation>
    </message>
    <message>
        <source>Open a chapter first: generation writes into the open chapter.</source>
        <translation>请先打开一个章节：生成的内容会写入打开的章节。</translation>
    </message>
    <message>
        <source>There is no text to continue yet: write a few lines or use Draft.</source>
        <translation>还没有可续写的文字：先写几行，或使用“起草本章”。</translation>
    </message>
    <message>
        <source>Select the passage to rewrite or expand first.</source>
        <translation>请先选中要改写或扩写的段落。</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::KeychainSecretStore</name>
    <message>
        <source>system keychain</source>
        <translation>系统钥匙串</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::LengthIndicator</name>
    <message numerus="yes">
        <source>%Ln character(s)</source>
        <translation>
            <numerusform>%Ln 字</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln word(s)</source>
        <translation>
            <numerusform>%Ln 词</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %L2 (%3%)</source>
        <translation>%1，目标 %L2（%3%）</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::LibraryTree</name>
    <message>
        <source>%L1 / %L2</source>
        <translation>%L1 / %L2</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>字数</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>计划中</translation>
    </message>
    <message>
        <source>Drafted</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Generated</source>
        <translation>已生成</translation>
    </message>
    <message>
        <source>Edited</source>
        <translation>已修改</translation>
    </message>
    <message>
        <source>Final</source>
        <translation>定稿</translation>
    </message>
    <message>
        <source>Chapter %1</source>
        <translation>第 %1 章</translation>
    </message>
    <message>
        <source>Trash (%1)</source>
        <translation>回收站（%1）</translation>
    </message>
    <message>
        <source>Untitled chapter</source>
        <translation>未命名章节</translation>
    </message>
    <message numerus="yes">
        <source>%n chapter(s)</source>
        <translation>
            <numerusform>%n 章</numerusform>
        </translation>
    </message>
    <message>
        <source>Length in characters</source>
        <translation>按字计数</translation>
    </message>
    <message>
        <source>Length in words</source>
        <translation>按词计数</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::MainWindow</name>
    <message>
        <source>Open a chapter from the library, or start writing here.</source>
        <translation>从书库中打开一章，或直接在这里开始写作。</translation>
    </message>
    <message numerus="yes">
        <source>%n replaced in the book</source>
        <translation>
            <numerusform>全书已替换 %n 处</numerusform>
        </translation>
    </message>
    <message>
        <source>Replacing in the book…</source>
        <translation>正在全书替换…</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>书库</translation>
    </message>
    <message>
        <source>Chapter</source>
        <translation>章节</translation>
    </message>
    <message>
        <source>Story Bible</source>
        <translation>故事设定集</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)……</translation>
    </message>
    <message>
        <source>Find &amp;Next</source>
        <translation>查找下一个(&amp;N)</translation>
    </message>
    <message>
        <source>Find Pre&amp;vious</source>
        <translation>查找上一个(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Replace…</source>
        <translation>替换(&amp;R)……</translation>
    </message>
    <message>
        <source>Replace in &amp;Book…</source>
        <translation>在全书中替换(&amp;B)……</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)……</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Focus Mode</source>
        <translation>专注模式(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About Scriptorium</source>
        <translation>关于 Scriptorium(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <source>Edited</source>
        <translation>已编辑</translation>
    </message>
    <message>
        <source>Saved automatically when you pause typing.</source>
        <translation>停止输入后会自动保存。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存……</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>有未保存的修改</translation>
    </message>
    <message>
        <source>The chapter could not be saved: %1

Quit anyway and lose the last edits?</source>
        <translation>无法保存本章：%1

仍要退出并丢失最近的修改吗？</translation>
    </message>
    <message>
        <source>About Scriptorium</source>
        <translation>关于 Scriptorium</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Scriptorium %1&lt;/h3&gt;&lt;p&gt;Write novels with language models. Requests are routed through OpenRouter, preferring fp8-quantized providers, and every provider&apos;s speed and cost is measured.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Scriptorium %1&lt;/h3&gt;&lt;p&gt;用语言模型写小说。请求经由 OpenRouter 路由，优先选择 fp8 量化的服务商，并测量每个服务商的速度与费用。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New Library…</source>
        <translation>新建书库(&amp;N)……</translation>
    </message>
    <message>
        <source>&amp;Open Library…</source>
        <translation>打开书库(&amp;O)……</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Searc&amp;h Library…</source>
        <translation>搜索书库(&amp;H)……</translation>
    </message>
    <message>
        <source>&amp;Export Book…</source>
        <translation>导出书籍(&amp;E)……</translation>
    </message>
    <message>
        <source>&amp;Book</source>
        <translation>书籍(&amp;B)</translation>
    </message>
    <message>
        <source>New &amp;Book…</source>
        <translation>新建书籍(&amp;B)……</translation>
    </message>
    <message>
        <source>New book</source>
        <translation>新建书籍</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <source>Untitled book</source>
        <translation>未命名书籍</translation>
    </message>
    <message>
        <source>New &amp;Chapter</source>
        <translation>新建章节(&amp;C)</translation>
    </message>
    <message>
        <source>Re&amp;name…</source>
        <translation>重命名(&amp;N)……</translation>
    </message>
    <message>
        <source>Move Chapter to &amp;Trash</source>
        <translation>将章节移到回收站(&amp;T)</translation>
    </message>
    <message>
        <source>Restore from Tr&amp;ash</source>
        <translation>从回收站恢复(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Delete Book…</source>
        <translation>删除书籍(&amp;D)……</translation>
    </message>
    <message>
        <source>Re&amp;visions…</source>
        <translation>修订历史(&amp;V)……</translation>
    </message>
    <message>
        <source>&amp;Previous Chapter</source>
        <translation>上一章(&amp;P)</translation>
    </message>
    <message>
        <source>Ne&amp;xt Chapter</source>
        <translation>下一章(&amp;X)</translation>
    </message>
    <message>
        <source>New library</source>
        <translation>新建书库</translation>
    </message>
    <message>
        <source>Scriptorium libraries (*.scriptorium *.db)</source>
        <translation>Scriptorium 书库 (*.scriptorium *.db)</translation>
    </message>
    <message>
        <source>%1 already exists: use Open Library to open it.</source>
        <translation>%1 已存在：请用“打开书库”打开它。</translation>
    </message>
    <message>
        <source>Library not created</source>
        <translation>书库未能创建</translation>
    </message>
    <message>
        <source>Open library</source>
        <translation>打开书库</translation>
    </message>
    <message>
        <source>Scriptorium libraries (*.scriptorium *.db);;All files (*)</source>
        <translation>Scriptorium 书库 (*.scriptorium *.db);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Library not opened</source>
        <translation>书库未能打开</translation>
    </message>
    <message>
        <source>No recent libraries</source>
        <translation>没有最近打开的书库</translation>
    </message>
    <message>
        <source>%1 Your text is still in the editor; it is saved again when you pause.</source>
        <translation>%1 你的文字仍在编辑器中；停止输入时会再次保存。</translation>
    </message>
    <message>
        <source>Rename chapter</source>
        <translation>重命名章节</translation>
    </message>
    <message>
        <source>Rename book</source>
        <translation>重命名书籍</translation>
    </message>
    <message>
        <source>Chapter moved to the trash; restore it from the book&apos;s Trash.</source>
        <translation>章节已移到回收站；可从该书的回收站中恢复。</translation>
    </message>
    <message>
        <source>Delete book</source>
        <translation>删除书籍</translation>
    </message>
    <message>
        <source>Delete “%1” with all its chapters, revisions and story bible? This cannot be undone; export it first if you may want it back.</source>
        <translation>删除《%1》及其所有章节、修订和设定集？此操作无法撤销；如果以后可能还需要，请先导出。</translation>
    </message>
    <message>
        <source>Open a chapter to see its revisions.</source>
        <translation>请打开一章以查看其修订历史。</translation>
    </message>
    <message>
        <source>Revision restored; the replaced text is kept as a revision.</source>
        <translation>已恢复修订；被替换的文字已保存为一个修订。</translation>
    </message>
    <message>
        <source>Select a book to export.</source>
        <translation>请选择要导出的书籍。</translation>
    </message>
    <message>
        <source>Chapter %1</source>
        <translation>第 %1 章</translation>
    </message>
    <message>
        <source>Provider &amp;Dashboard</source>
        <translation>服务商仪表盘(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Routing…</source>
        <translation>路由(&amp;R)……</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批量</translation>
    </message>
    <message>
        <source>Nothing was replaced: %1</source>
        <translation>未做任何替换：%1</translation>
    </message>
    <message>
        <source>Continuity &amp;Audit…</source>
        <translation>一致性审查(&amp;A)…</translation>
    </message>
    <message>
        <source>Quality &amp;Findings…</source>
        <translation>质量发现(&amp;F)…</translation>
    </message>
    <message>
        <source>Continuity Audit</source>
        <translation>一致性审查</translation>
    </message>
    <message>
        <source>Select a book in the library first.</source>
        <translation>请先在书库中选择一本书。</translation>
    </message>
    <message>
        <source>This book has no chapters to audit yet.</source>
        <translation>这本书还没有可审查的章节。</translation>
    </message>
    <message>
        <source>Quality Findings</source>
        <translation>质量发现</translation>
    </message>
    <message>
        <source>The quote is no longer in the chapter; it was changed since it was checked.</source>
        <translation>引文已不在本章中：检查之后章节已被修改。</translation>
    </message>
    <message>
        <source>As&amp;k the Manuscript…</source>
        <translation>向书稿提问(&amp;K)…</translation>
    </message>
    <message>
        <source>characters</source>
        <translation>字</translation>
    </message>
    <message>
        <source>words</source>
        <translation>词</translation>
    </message>
    <message>
        <source>A&amp;nalyse Book…</source>
        <translation>分析书稿(&amp;N)…</translation>
    </message>
    <message>
        <source>Con&amp;tinue Book…</source>
        <translation>续写本书(&amp;T)…</translation>
    </message>
    <message>
        <source>Chapters %1–%2 are outlined (%3); start the batch to write them.</source>
        <translation>第%1–%2章已生成大纲（%3）；启动批量生成即可写作。</translation>
    </message>
    <message>
        <source>Continue Book</source>
        <translation>续写本书</translation>
    </message>
    <message>
        <source>Analyse Book</source>
        <translation>分析书稿</translation>
    </message>
    <message>
        <source>An analysis is running; wait until it ends.</source>
        <translation>分析正在进行；请等待其结束。</translation>
    </message>
    <message>
        <source>Chapters to write after the last one (outlined now, then drafted as a batch):</source>
        <translation>在最后一章之后要写的章数（现在生成大纲，然后批量起草）：</translation>
    </message>
    <message numerus="yes">
        <source>Outlining the next %n chapter(s)…</source>
        <translation>
            <numerusform>正在为接下来的 %n 章生成大纲…</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Writing Goals…</source>
        <translation>写作目标(&amp;W)…</translation>
    </message>
    <message>
        <source>Today %1 / %2 %3</source>
        <translation>今天 %1 / %2 %3</translation>
    </message>
    <message>
        <source>Today %1 %2</source>
        <translation>今天 %1 %2</translation>
    </message>
    <message>
        <source> · session %1 / %2</source>
        <translation> · 本次 %1 / %2</translation>
    </message>
    <message>
        <source> · session %1</source>
        <translation> · 本次 %1</translation>
    </message>
    <message>
        <source> · streak %1</source>
        <translation> · 连续 %1 天</translation>
    </message>
    <message>
        <source>Written today in this book: %1 by hand, %2 accepted from generations; %3 since this window opened the book. The streak counts the days in a row that met the daily goal. Set goals and see the history in Book → Writing Goals….</source>
        <translation>今天在本书中写了：手写 %1，采纳自生成 %2；自本窗口打开本书以来 %3。连续天数统计连续达到每日目标的天数。在“书籍 → 写作目标…”中设置目标并查看历史。</translation>
    </message>
    <message>
        <source>Writing Goals</source>
        <translation>写作目标</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>提问</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::MemorySecretStore</name>
    <message>
        <source>memory (not kept after quitting)</source>
        <translation>内存（退出后不保留）</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::OutlinePanel</name>
    <message>
        <source>no target</source>
        <translation>无目标</translation>
    </message>
    <message>
        <source>What happens in this chapter.</source>
        <translation>本章会发生什么。</translation>
    </message>
    <message>
        <source>What did happen: written after the chapter.</source>
        <translation>实际发生了什么：写完本章后填写。</translation>
    </message>
    <message>
        <source>Where everyone is and what changed at the end.</source>
        <translation>章末每个人身在何处，有什么变化。</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Target:</source>
        <translation>目标：</translation>
    </message>
    <message>
        <source>Outline</source>
        <translation>大纲</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>End state</source>
        <translation>章末状态</translation>
    </message>
    <message>
        <source>Scene beats</source>
        <translation>场景节拍</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::PromptPreviewDialog</name>
    <message>
        <source>Style guide</source>
        <translation>文风指南</translation>
    </message>
    <message>
        <source>Story so far</source>
        <translation>前情提要</translation>
    </message>
    <message>
        <source>Character states</source>
        <translation>人物状态</translation>
    </message>
    <message>
        <source>Story bible entries</source>
        <translation>设定集条目</translation>
    </message>
    <message>
        <source>Recent chapter summaries</source>
        <translation>最近章节摘要</translation>
    </message>
    <message>
        <source>End of the previous chapter</source>
        <translation>上一章结尾</translation>
    </message>
    <message>
        <source>Chapter outline</source>
        <translation>本章大纲</translation>
    </message>
    <message>
        <source>Next chapter outline</source>
        <translation>下一章大纲</translation>
    </message>
    <message>
        <source>Target length</source>
        <translation>目标长度</translation>
    </message>
    <message>
        <source>Prompt Preview</source>
        <translation>提示词预览</translation>
    </message>
    <message>
        <source>Block</source>
        <translation>部分</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>token 数</translation>
    </message>
    <message>
        <source>Before trimming</source>
        <translation>裁剪前</translation>
    </message>
    <message>
        <source>%1 (dropped to fit)</source>
        <translation>%1（为适应长度已删去）</translation>
    </message>
    <message>
        <source>System prompt (editable):</source>
        <translation>系统提示词（可编辑）：</translation>
    </message>
    <message>
        <source>User prompt (editable):</source>
        <translation>用户提示词（可编辑）：</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>About %1 prompt tokens, up to %2 completion tokens with %3.</source>
        <translation>约 %1 个提示词 token，使用 %3 最多生成 %2 个 token。</translation>
    </message>
    <message>
        <source>Estimated cost at most $%1.</source>
        <translation>预计费用最多 $%1。</translation>
    </message>
    <message>
        <source>The price of this model is unknown (the model list is not loaded).</source>
        <translation>此模型的价格未知（模型列表尚未加载）。</translation>
    </message>
    <message>
        <source>Scene beats</source>
        <translation>场景节拍</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::ProviderMultiples</name>
    <message>
        <source>Decode tokens/s over time (p50)</source>
        <translation>解码词元/秒随时间变化（p50）</translation>
    </message>
    <message>
        <source>No provider has decode speeds in this range.</source>
        <translation>此时间范围内没有服务商的解码速度数据。</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::ProviderStatsModel</name>
    <message>
        <source>Slower than usual: %1 tokens/s against %2 over the previous 30 days.</source>
        <translation>比平时慢：%1 tokens/秒，而前 30 天为 %2。</translation>
    </message>
    <message>
        <source>Dearer than usual: %1 USD per million output tokens against %2.</source>
        <translation>比平时贵：每百万输出 token %1 美元，而平时为 %2。</translation>
    </message>
    <message>
        <source>More errors than usual: %1% against %2%. Consider moving this provider down in the routing order.</source>
        <translation>错误比平时多：%1%，而平时为 %2%。建议在路由顺序中把该服务商往后移。</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>服务商</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求数</translation>
    </message>
    <message>
        <source>Success</source>
        <translation>成功率</translation>
    </message>
    <message>
        <source>TTFT p50 ms</source>
        <translation>首 token p50 毫秒</translation>
    </message>
    <message>
        <source>TTFT p90 ms</source>
        <translation>首 token p90 毫秒</translation>
    </message>
    <message>
        <source>Decode tok/s p50</source>
        <translation>解码 tokens/秒 p50</translation>
    </message>
    <message>
        <source>End-to-end tok/s p50</source>
        <translation>端到端 tokens/秒 p50</translation>
    </message>
    <message>
        <source>Prompt tokens</source>
        <translation>提示 token</translation>
    </message>
    <message>
        <source>Output tokens</source>
        <translation>输出 token</translation>
    </message>
    <message>
        <source>Cost USD</source>
        <translation>费用（美元）</translation>
    </message>
    <message>
        <source>USD / M output</source>
        <translation>美元 / 百万输出</translation>
    </message>
    <message>
        <source>Fallback</source>
        <translation>回退率</translation>
    </message>
    <message>
        <source>Degraded</source>
        <translation>降级率</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::QualityRatesModel</name>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>服务商</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>Generations</source>
        <translation>生成次数</translation>
    </message>
    <message>
        <source>Output tokens</source>
        <translation>输出 token</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>发现</translation>
    </message>
    <message>
        <source>Findings / 10k tokens</source>
        <translation>发现 / 万词元</translation>
    </message>
    <message>
        <source>95 % interval</source>
        <translation>95 % 区间</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::RevisionsDialog</name>
    <message>
        <source>your edit</source>
        <translation>你的修改</translation>
    </message>
    <message>
        <source>generation</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Revisions</source>
        <translation>修订历史</translation>
    </message>
    <message>
        <source>Replaced</source>
        <translation>替换时间</translation>
    </message>
    <message>
        <source>Replaced by</source>
        <translation>替换来源</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>服务商</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Selected revision</source>
        <translation>所选修订</translation>
    </message>
    <message>
        <source>Current text</source>
        <translation>当前文字</translation>
    </message>
    <message>
        <source>&amp;Restore this revision</source>
        <translation>恢复此修订(&amp;R)</translation>
    </message>
    <message>
        <source>%1 (degraded)</source>
        <translation>%1（已降级）</translation>
    </message>
    <message>
        <source>No revisions yet: a body is kept when a generation, import or restore replaces it, and every ten minutes while you write.</source>
        <translation>暂无修订：当正文被生成、导入或恢复替换时会保留旧版本，写作时每十分钟也会保留一次。</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::RoutingDecisionsModel</name>
    <message>
        <source>exploring</source>
        <translation>探索中</translation>
    </message>
    <message>
        <source>probing a cooled-down endpoint</source>
        <translation>试探一个冷却后的端点</translation>
    </message>
    <message>
        <source>no endpoint usable at this precision: degrading</source>
        <translation>此精度下没有可用端点：降级</translation>
    </message>
    <message>
        <source>Ignored while cooling down: %1</source>
        <translation>冷却中，已忽略：%1</translation>
    </message>
    <message>
        <source>the config&apos;s order</source>
        <translation>配置中的顺序</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Order sent</source>
        <translation>发送的顺序</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::RoutingEditor</name>
    <message>
        <source>Load Endpoints</source>
        <translation>加载端点</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>服务商</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>Prompt USD/M</source>
        <translation>提示 美元/百万</translation>
    </message>
    <message>
        <source>Completion USD/M</source>
        <translation>补全 美元/百万</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Double-click an endpoint to add its provider to the order</source>
        <translation>双击端点，把它的服务商加入顺序</translation>
    </message>
    <message>
        <source>Provider order (drag to reorder)</source>
        <translation>服务商顺序（拖动调整）</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Allow other providers when these cannot serve</source>
        <translation>这些服务商无法提供时允许使用其他服务商</translation>
    </message>
    <message>
        <source>(OpenRouter&apos;s default)</source>
        <translation>（OpenRouter 默认）</translation>
    </message>
    <message>
        <source>Throughput</source>
        <translation>吞吐量</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source> USD/M</source>
        <translation> 美元/百万</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Sort:</source>
        <translation>排序：</translation>
    </message>
    <message>
        <source>Require precision:</source>
        <translation>要求精度：</translation>
    </message>
    <message>
        <source>Then degrade to:</source>
        <translation>然后降级到：</translation>
    </message>
    <message>
        <source>Max prompt price:</source>
        <translation>最高提示价格：</translation>
    </message>
    <message>
        <source>Max completion price:</source>
        <translation>最高补全价格：</translation>
    </message>
    <message>
        <source>Findings:</source>
        <translation>检查结果：</translation>
    </message>
    <message>
        <source>Use Preset</source>
        <translation>使用预设</translation>
    </message>
    <message>
        <source>Save as Preset…</source>
        <translation>另存为预设……</translation>
    </message>
    <message>
        <source>Presets:</source>
        <translation>预设：</translation>
    </message>
    <message>
        <source>The endpoints could not be loaded: %1</source>
        <translation>无法加载端点：%1</translation>
    </message>
    <message>
        <source>healthy</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>degraded (%1)</source>
        <translation>降级（%1）</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>未发现问题。</translation>
    </message>
    <message>
        <source>%1 (%2)
Fix: %3</source>
        <translation>%1（%2）
修复：%3</translation>
    </message>
    <message>
        <source>Save Preset</source>
        <translation>保存预设</translation>
    </message>
    <message>
        <source>Preset name:</source>
        <translation>预设名称：</translation>
    </message>
    <message>
        <source>Preset not saved</source>
        <translation>预设未保存</translation>
    </message>
    <message>
        <source>Preset not loaded</source>
        <translation>预设未加载</translation>
    </message>
    <message>
        <source>All Stages</source>
        <translation>所有阶段</translation>
    </message>
    <message>
        <source>Stages</source>
        <translation>各阶段</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::RoutingEditorDialog</name>
    <message>
        <source>Routing</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>Save with errors?</source>
        <translation>存在错误，仍要保存吗？</translation>
    </message>
    <message>
        <source>The routing has errors (see Findings); requests may fail. Save anyway?</source>
        <translation>路由配置有错误（见检查结果），请求可能失败。仍要保存吗？</translation>
    </message>
    <message>
        <source>Routing not saved</source>
        <translation>路由未保存</translation>
    </message>
    <message>
        <source>%1 could not be written: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::RoutingEstimatesModel</name>
    <message>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>probing</source>
        <translation>试探中</translation>
    </message>
    <message>
        <source>cooling down, %1 s left</source>
        <translation>冷却中，还剩 %1 秒</translation>
    </message>
    <message>
        <source>cooling down</source>
        <translation>冷却中</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 ms ± %2 %</source>
        <translation>%1 毫秒 ± %2%</translation>
    </message>
    <message>
        <source>%1 tok/s</source>
        <translation>%1 token/秒</translation>
    </message>
    <message>
        <source>%1 tok/s ± %2 %</source>
        <translation>%1 token/秒 ± %2%</translation>
    </message>
    <message>
        <source>%1 + catalog</source>
        <translation>%1 + 目录</translation>
    </message>
    <message>
        <source>%1 (%2 requests)</source>
        <translation>%1（%2 个请求）</translation>
    </message>
    <message>
        <source>%1 at %2; last measured %3</source>
        <translation>%1，%2；最近一次测量：%3</translation>
    </message>
    <message>
        <source>%1 s ago</source>
        <translation>%1 秒前</translation>
    </message>
    <message>
        <source>never (catalog figures only)</source>
        <translation>从未（仅有目录数据）</translation>
    </message>
    <message numerus="yes">
        <source>%n failure(s) in a row</source>
        <translation>
            <numerusform>连续失败 %n 次</numerusform>
        </translation>
    </message>
    <message>
        <source>Time to first token: decayed geometric mean ± one standard deviation</source>
        <translation>首个 token 时间：衰减几何平均值 ± 一个标准差</translation>
    </message>
    <message>
        <source>Decode speed after the first token: decayed geometric mean ± one standard deviation</source>
        <translation>首个 token 之后的解码速度：衰减几何平均值 ± 一个标准差</translation>
    </message>
    <message>
        <source>Chance that a request fails before any text arrives</source>
        <translation>请求在收到任何文本之前失败的概率</translation>
    </message>
    <message>
        <source>Chance that the stream breaks after text arrived</source>
        <translation>收到文本之后流中断的概率</translation>
    </message>
    <message>
        <source>Billed cost divided by what the catalog price predicts (×1.00 = as listed)</source>
        <translation>实际计费除以按目录价格预计的费用（×1.00 = 与标价一致）</translation>
    </message>
    <message>
        <source>Decayed weight of the measurements (older ones count less); &quot;catalog&quot;: primed from OpenRouter&apos;s figures</source>
        <translation>测量的衰减权重（越旧的测量权重越低）；“目录”：以 OpenRouter 的数据作为初值</translation>
    </message>
    <message>
        <source>Share of this model&apos;s requests this endpoint served since start</source>
        <translation>自启动以来此端点承担的该模型请求的比例</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>端点</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>TTFT</source>
        <translation>TTFT</translation>
    </message>
    <message>
        <source>Decode</source>
        <translation>解码</translation>
    </message>
    <message>
        <source>Fails before text</source>
        <translation>出字前失败</translation>
    </message>
    <message>
        <source>Fails mid-stream</source>
        <translation>流中途失败</translation>
    </message>
    <message>
        <source>Price ratio</source>
        <translation>价格比</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>样本</translation>
    </message>
    <message>
        <source>Circuit</source>
        <translation>熔断状态</translation>
    </message>
    <message>
        <source>Traffic share</source>
        <translation>流量占比</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::RoutingFallbacksModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Provider (endpoint)</source>
        <translation>服务商（端点）</translation>
    </message>
    <message>
        <source>HTTP status</source>
        <translation>HTTP 状态</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Served by</source>
        <translation>最终服务商</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::RoutingView</name>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Last decisions (newest first)</source>
        <translation>最近的决策（最新的在前）</translation>
    </message>
    <message>
        <source>OpenRouter&apos;s internal fallbacks (newest first)</source>
        <translation>OpenRouter 的内部回退（最新的在前）</translation>
    </message>
    <message>
        <source>Routing is static: every request carries the routing config&apos;s own provider order, so there are no estimates to show. Choose the adaptive strategy in the routing editor (Routing…) to see them here.</source>
        <translation>路由为静态：每个请求都使用路由配置自身的服务商顺序，因此没有可显示的估计值。在路由编辑器（路由…）中选择自适应策略即可在此查看。</translation>
    </message>
    <message>
        <source>The %1 strategy keeps no estimates to show.</source>
        <translation>%1 策略没有可显示的估计值。</translation>
    </message>
    <message>
        <source>speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>balanced</source>
        <translation>均衡</translation>
    </message>
    <message>
        <source>No estimates yet: they appear after the first request, or once the library&apos;s recent attempts are read.</source>
        <translation>尚无估计值：第一个请求之后，或读取资料库的近期尝试之后就会出现。</translation>
    </message>
    <message>
        <source>Objective: %1 · exploration %2 %</source>
        <translation>目标：%1 · 探索 %2%</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::SearchDialog</name>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Words or names to find in chapters and the story bible</source>
        <translation>要在章节和设定集中查找的词语或名字</translation>
    </message>
    <message>
        <source>Only this book</source>
        <translation>仅限本书</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Match</source>
        <translation>匹配内容</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在搜索……</translation>
    </message>
    <message>
        <source>Chapter %1: %2</source>
        <translation>第 %1 章：%2</translation>
    </message>
    <message numerus="yes">
        <source>%n match(es)</source>
        <translation>
            <numerusform>%n 个匹配</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>OpenRouter</source>
        <translation>OpenRouter</translation>
    </message>
    <message>
        <source>sk-or-…</source>
        <translation>sk-or-…</translation>
    </message>
    <message>
        <source>Reading the key from the %1…</source>
        <translation>正在从%1读取密钥……</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>API 密钥(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation>基础 URL(&amp;B)：</translation>
    </message>
    <message>
        <source>Generation defaults</source>
        <translation>生成默认值</translation>
    </message>
    <message>
        <source>Default &amp;model:</source>
        <translation>默认模型(&amp;M)：</translation>
    </message>
    <message>
        <source>Max &amp;tokens:</source>
        <translation>最大 token 数(&amp;T)：</translation>
    </message>
    <message>
        <source>T&amp;emperature:</source>
        <translation>温度(&amp;E)：</translation>
    </message>
    <message>
        <source>Writing and appearance</source>
        <translation>写作与外观</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> 磅</translation>
    </message>
    <message>
        <source>Editor &amp;font:</source>
        <translation>编辑器字体(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Line spacing:</source>
        <translation>行距(&amp;L)：</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>A new language takes effect after a restart. The theme follows the system.</source>
        <translation>新语言在重启后生效。主题跟随系统。</translation>
    </message>
    <message>
        <source>The %1 could not be read (%2). A key entered here is kept for this session only; or set OPENROUTER_API_KEY.</source>
        <translation>无法读取%1（%2）。在此输入的密钥只在本次运行中有效；也可以设置 OPENROUTER_API_KEY。</translation>
    </message>
    <message>
        <source>Stored in the %1, never in settings files.</source>
        <translation>保存在%1中，绝不写入设置文件。</translation>
    </message>
    <message>
        <source>OPENROUTER_API_KEY is set and takes precedence.</source>
        <translation>已设置 OPENROUTER_API_KEY，它优先于此处的密钥。</translation>
    </message>
    <message>
        <source>The base URL must start with https:// (or http:// for a local simulator).</source>
        <translation>基础 URL 必须以 https:// 开头（本地模拟器可用 http://）。</translation>
    </message>
    <message>
        <source>SCRIPTORIUM_BASE_URL is set and takes precedence.</source>
        <translation>已设置 SCRIPTORIUM_BASE_URL，它优先生效。</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::StagePolicyEditor</name>
    <message>
        <source>Writing the story bible</source>
        <translation>撰写故事设定集</translation>
    </message>
    <message>
        <source>Outlining chapters</source>
        <translation>编写章节大纲</translation>
    </message>
    <message>
        <source>Drafting a chapter (continuations follow it)</source>
        <translation>起草章节（续写沿用此设置）</translation>
    </message>
    <message>
        <source>Continuing a draft that stopped short</source>
        <translation>续写未达长度的草稿</translation>
    </message>
    <message>
        <source>Finalizing: summary, story so far and character states together</source>
        <translation>收尾：摘要、前情提要和人物状态一并设置</translation>
    </message>
    <message>
        <source>The chapter summary</source>
        <translation>章节摘要</translation>
    </message>
    <message>
        <source>The story so far</source>
        <translation>前情提要</translation>
    </message>
    <message>
        <source>The character state sheet</source>
        <translation>人物状态表</translation>
    </message>
    <message>
        <source>Rewriting a selection (Generate dock)</source>
        <translation>改写所选内容（生成面板）</translation>
    </message>
    <message>
        <source>Expanding a selection (Generate dock)</source>
        <translation>扩写所选内容（生成面板）</translation>
    </message>
    <message>
        <source>A stage&apos;s settings replace the ones for all stages in its generations; unset fields are inherited.</source>
        <translation>阶段的设置会在该阶段的生成中取代适用于所有阶段的设置；未设置的字段沿用原设置。</translation>
    </message>
    <message>
        <source>Add Stage</source>
        <translation>添加阶段</translation>
    </message>
    <message>
        <source>Remove Stage</source>
        <translation>移除阶段</translation>
    </message>
    <message>
        <source>(inherited)</source>
        <translation>（沿用）</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation>均衡</translation>
    </message>
    <message>
        <source>Objective:</source>
        <translation>目标：</translation>
    </message>
    <message>
        <source>fp8 first</source>
        <translation>fp8 优先</translation>
    </message>
    <message>
        <source>Fastest acceptable</source>
        <translation>最快的可接受精度</translation>
    </message>
    <message>
        <source>Precision:</source>
        <translation>精度：</translation>
    </message>
    <message>
        <source>Own acceptable precisions</source>
        <translation>本阶段的可接受精度</translation>
    </message>
    <message>
        <source> tok/s</source>
        <translation> token/秒</translation>
    </message>
    <message>
        <source>With the cost objective, endpoints expected slower than this come after every endpoint that meets it; 0 = no floor</source>
        <translation>采用费用目标时，预计低于此速度的端点排在所有达标端点之后；0 表示不设下限</translation>
    </message>
    <message>
        <source>Speed floor (cost):</source>
        <translation>速度下限（费用）：</translation>
    </message>
    <message>
        <source>(inherited) e.g. novita, deepinfra/fp8</source>
        <translation>（沿用）例如 novita, deepinfra/fp8</translation>
    </message>
    <message>
        <source>Providers or endpoint tags in order, separated by commas</source>
        <translation>按顺序填写服务商或端点标签，用逗号分隔</translation>
    </message>
    <message>
        <source>Provider order:</source>
        <translation>服务商顺序：</translation>
    </message>
    <message>
        <source>Own required precisions</source>
        <translation>本阶段的要求精度</translation>
    </message>
    <message>
        <source>Own degrade-to precisions</source>
        <translation>本阶段的降级精度</translation>
    </message>
    <message>
        <source>No stage has its own settings.</source>
        <translation>还没有阶段使用自己的设置。</translation>
    </message>
    <message>
        <source>Drafting one scene beat at the cursor</source>
        <translation>在光标处起草一个场景节拍</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::StrategySettingsEditor</name>
    <message>
        <source>Provider order per request</source>
        <translation>每个请求的服务商顺序</translation>
    </message>
    <message>
        <source>Adaptive (ranked from measurements)</source>
        <translation>自适应（根据测量排序）</translation>
    </message>
    <message>
        <source>Static (the order above)</source>
        <translation>静态（上面的顺序）</translation>
    </message>
    <message>
        <source>Strategy:</source>
        <translation>策略：</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation>均衡</translation>
    </message>
    <message>
        <source>Objective:</source>
        <translation>目标：</translation>
    </message>
    <message>
        <source> %</source>
        <translation>%</translation>
    </message>
    <message>
        <source>Share of requests that try an endpoint with few measurements first</source>
        <translation>优先尝试测量次数少的端点的请求比例</translation>
    </message>
    <message>
        <source>Exploration:</source>
        <translation>探索：</translation>
    </message>
    <message>
        <source> failures</source>
        <translation> 次失败</translation>
    </message>
    <message>
        <source>Each failed probe doubles the cooldown, up to this</source>
        <translation>每次试探失败冷却时间加倍，最多到此值</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>for</source>
        <translation>冷却</translation>
    </message>
    <message>
        <source>up to</source>
        <translation>最长</translation>
    </message>
    <message>
        <source>Cool down after:</source>
        <translation>冷却条件：</translation>
    </message>
    <message>
        <source>fp8 first</source>
        <translation>fp8 优先</translation>
    </message>
    <message>
        <source>Fastest acceptable</source>
        <translation>最快的可接受精度</translation>
    </message>
    <message>
        <source>Precision:</source>
        <translation>精度：</translation>
    </message>
    <message>
        <source>Acceptable precisions:</source>
        <translation>可接受的精度：</translation>
    </message>
    <message>
        <source> tok/s</source>
        <translation> token/秒</translation>
    </message>
    <message>
        <source>the preferred min throughput</source>
        <translation>使用首选最低吞吐量</translation>
    </message>
    <message>
        <source>With the cost objective, endpoints expected slower than this come after every endpoint that meets it</source>
        <translation>以费用为目标时，预计低于此速度的端点排在所有达到此速度的端点之后</translation>
    </message>
    <message>
        <source>Speed floor (cost):</source>
        <translation>速度下限（费用）：</translation>
    </message>
    <message>
        <source>Sent to OpenRouter</source>
        <translation>发送给 OpenRouter</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>The median (p50) OpenRouter should prefer; other percentiles in the file are kept</source>
        <translation>OpenRouter 应优先满足的中位数（p50）；文件中的其他百分位保持不变</translation>
    </message>
    <message>
        <source>Only if the model&apos;s author allows distilling its output</source>
        <translation>仅当模型作者允许蒸馏其输出时</translation>
    </message>
    <message>
        <source>Preferred min throughput:</source>
        <translation>首选最低吞吐量：</translation>
    </message>
    <message>
        <source>Preferred max latency:</source>
        <translation>首选最大延迟：</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::WritingGoalsDialog</name>
    <message>
        <source>characters</source>
        <translation>字</translation>
    </message>
    <message>
        <source>words</source>
        <translation>词</translation>
    </message>
    <message>
        <source>Writing Goals — %1</source>
        <translation>写作目标 — %1</translation>
    </message>
    <message>
        <source>Writing Goals</source>
        <translation>写作目标</translation>
    </message>
    <message>
        <source>Save Goals</source>
        <translation>保存目标</translation>
    </message>
    <message>
        <source>Daily goal:</source>
        <translation>每日目标：</translation>
    </message>
    <message>
        <source>Session goal:</source>
        <translation>单次目标：</translation>
    </message>
    <message numerus="yes">
        <source>Last %n day(s)</source>
        <translation>
            <numerusform>最近 %n 天</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 %2 in %n day(s) with writing: %3 by hand, %4 accepted.</source>
        <translation>
            <numerusform>%n 天有写作，共 %1 %2：手写 %3，采纳 %4。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Goal met on %n day(s).</source>
        <translation>
            <numerusform>%n 天达成目标。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Streak: %n day(s).</source>
        <translation>
            <numerusform>连续：%n 天。</numerusform>
        </translation>
    </message>
    <message>
        <source>Today: %1 of %2 %3</source>
        <translation>今天：%1 / %2 %3</translation>
    </message>
    <message>
        <source>Today: %1 %2</source>
        <translation>今天：%1 %2</translation>
    </message>
    <message>
        <source>This session: %1 of %2 %3</source>
        <translation>本次：%1 / %2 %3</translation>
    </message>
    <message>
        <source>This session: %1 %2</source>
        <translation>本次：%1 %2</translation>
    </message>
</context>
<context>
    <name>scriptorium::ui::WritingHistoryChart</name>
    <message>
        <source>Written per week</source>
        <translation>每周写作量</translation>
    </message>
    <message>
        <source>Written per day</source>
        <translation>每日写作量</translation>
    </message>
    <message>
        <source>By hand</source>
        <translation>手写</translation>
    </message>
    <message>
        <source>Accepted from generations</source>
        <translation>采纳自生成</translation>
    </message>
    <message>
        <source>Daily goal × 7</source>
        <translation>每日目标 × 7</translation>
    </message>
    <message>
        <source>Daily goal</source>
        <translation>每日目标</translation>
    </message>
</context>
</TS>
